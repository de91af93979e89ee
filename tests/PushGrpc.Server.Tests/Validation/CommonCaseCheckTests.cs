using PushGrpc.Contracts.V1;
using PushGrpc.Server.Validation;
using static PushGrpc.Server.Tests.TestNotifications;

namespace PushGrpc.Server.Tests.Validation;

/// <summary>
/// The fast path in front of the validator. That it is never looser than the validator is checked by every case of
/// <see cref="PreparedNotificationValidatorTests"/>; these check that it is used at all, and that it was written
/// against the fields the contract has now.
/// </summary>
public sealed class CommonCaseCheckTests
{
    private const long Now = 1_800_000_000;

    [Fact]
    public void IsPlainlyValid_PlainAlertToDistinctTokens_True()
    {
        var notification = ValidAlert();
        notification.DeviceTokens.Add(Token2);
        notification.Expiration = Now + 60;
        notification.CollapseId = "score";

        Assert.True(CommonCaseCheck.IsPlainlyValid(Prepare(notification), Now));
    }

    [Fact]
    public void IsPlainlyValid_DuplicateTokenInAnyCase_False()
    {
        var notification = ValidAlert();
        notification.DeviceTokens.Add(Token1.ToUpperInvariant());

        Assert.False(CommonCaseCheck.IsPlainlyValid(Prepare(notification), Now));
    }

    [Fact]
    public void IsPlainlyValid_ExpirationInThePast_False()
    {
        var notification = ValidAlert();
        notification.Expiration = Now - 1;

        Assert.False(CommonCaseCheck.IsPlainlyValid(Prepare(notification), Now));
    }

    // A field added to the contract may need a rule: decide whether the fast path can judge it (add its rule to
    // CommonCaseCheck) or must leave notifications that use it to the validator, then update these lists.
    [Fact]
    public void Contract_FieldsAreThoseTheFastPathWasWrittenFor()
    {
        Assert.Equal(
            "apns_id app aps at_most_once channel_id collapse_id custom_data device_tokens expiration id priority push_type raw_payload topic",
            FieldNames(Notification.Descriptor));
        Assert.Equal(
            "alert attributes attributes_type badge category content_available content_changed content_state critical_sound dismissal_date event filter_criteria input_push_channel input_push_token interruption_level mutable_content relevance_score sound_name stale_date target_content_id thread_id timestamp",
            FieldNames(Aps.Descriptor));
    }

    private static string FieldNames(Google.Protobuf.Reflection.MessageDescriptor descriptor) =>
        string.Join(' ', descriptor.Fields.InFieldNumberOrder().Select(f => f.Name).Order(StringComparer.Ordinal));
}
