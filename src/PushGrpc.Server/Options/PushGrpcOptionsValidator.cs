using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PushGrpc.Server.Options;

/// <summary>Checks the whole configuration at start-up and reports every problem at once.</summary>
internal sealed partial class PushGrpcOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<PushGrpcOptions>
{
    public ValidateOptionsResult Validate(string? name, PushGrpcOptions options)
    {
        var errors = new List<string>();
        AuthOptionsValidator.Validate(options, environment?.IsDevelopment() ?? false, errors);
        foreach (var (appName, app) in options.Apps)
        {
            ValidateApp($"{PushGrpcOptions.SectionName}:Apps:{appName}", app, errors);
        }

        if (options.Dispatch.MaxInFlightPerStream < 1)
        {
            errors.Add("PushGrpc:Dispatch:MaxInFlightPerStream must be at least 1.");
        }

        if (options.Dispatch.MaxInFlightGlobal < 1)
        {
            errors.Add("PushGrpc:Dispatch:MaxInFlightGlobal must be at least 1.");
        }

        if (options.Dispatch.DrainTimeout <= TimeSpan.Zero)
        {
            errors.Add("PushGrpc:Dispatch:DrainTimeout must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateApp(string path, AppOptions app, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(app.Topic))
        {
            errors.Add($"{path}:Topic is required (the app's bundle id).");
        }

        if ((app.Token is null) == (app.Certificate is null))
        {
            errors.Add($"{path} needs exactly one credential: Token or Certificate.");
        }

        if (app.Token is { } token)
        {
            if (!AppleId().IsMatch(token.TeamId ?? string.Empty))
            {
                errors.Add($"{path}:Token:TeamId must be the 10-character Team ID.");
            }

            if (!AppleId().IsMatch(token.KeyId ?? string.Empty))
            {
                errors.Add($"{path}:Token:KeyId must be the 10-character Key ID.");
            }

            if (string.IsNullOrEmpty(token.KeyFile) == string.IsNullOrEmpty(token.Key))
            {
                errors.Add($"{path}:Token needs exactly one of KeyFile (path to the .p8 file) or Key (its PEM text).");
            }
            else if (token.KeyFile is { Length: > 0 } keyFile && !File.Exists(keyFile))
            {
                errors.Add($"{path}:Token:KeyFile \"{keyFile}\" does not exist.");
            }
        }

        if (app.Certificate is { } certificate)
        {
            if (string.IsNullOrEmpty(certificate.File))
            {
                errors.Add($"{path}:Certificate:File is required (.p12 or PEM).");
            }
            else if (!File.Exists(certificate.File))
            {
                errors.Add($"{path}:Certificate:File \"{certificate.File}\" does not exist.");
            }

            if (certificate.KeyFile is { Length: > 0 } keyFile && !File.Exists(keyFile))
            {
                errors.Add($"{path}:Certificate:KeyFile \"{keyFile}\" does not exist.");
            }
        }

        if (app.PoolSize is < 1 or > 64)
        {
            errors.Add($"{path}:PoolSize must be between 1 and 64 (was {app.PoolSize}).");
        }

        if (app.MaxStreamsPerConnection is < 1 or > 10_000)
        {
            errors.Add($"{path}:MaxStreamsPerConnection must be between 1 and 10000 (was {app.MaxStreamsPerConnection}).");
        }

        if (!Enum.IsDefined(app.HttpStack))
        {
            errors.Add($"{path}:HttpStack must be PushGrpc or SocketsHttpHandler (was {app.HttpStack}).");
        }

        if (app.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{path}:RequestTimeout must be positive.");
        }

        if (app.CaCertificateFile is { Length: > 0 } caFile && !File.Exists(caFile))
        {
            errors.Add($"{path}:CaCertificateFile \"{caFile}\" does not exist.");
        }

        if (app.BaseAddress is { } baseAddress && baseAddress.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{path}:BaseAddress must be an https:// address (APNs is HTTP/2 over TLS).");
        }
    }

    [GeneratedRegex("^[A-Z0-9]{10}$")]
    private static partial Regex AppleId();
}
