using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// Reads a gateway's observable gauge now, in process: only that gateway's meters count (other test classes run
/// gateways in this process too, and a scrape of /metrics would sum theirs in).
/// </summary>
internal static class GatewayGauge
{
    /// <summary>The sum of the gauge's measurements, or of those tagged with <paramref name="app"/>.</summary>
    public static long Read(WebApplication gateway, string name, string? app = null)
    {
        var meters = gateway.Services.GetRequiredService<IMeterFactory>();
        long total = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            if (app is null || HasApp(tags, app))
            {
                total += value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return total;
    }

    private static bool HasApp(ReadOnlySpan<KeyValuePair<string, object?>> tags, string app)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "app" && Equals(tag.Value, app))
            {
                return true;
            }
        }

        return false;
    }
}
