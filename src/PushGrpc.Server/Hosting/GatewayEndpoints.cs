using System.Net;
using Microsoft.AspNetCore.Server.Kestrel;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PushGrpc.Server.Hosting;

/// <summary>
/// The gateway's two Kestrel endpoints: <c>Kestrel:Endpoints:Grpc</c> (h2c or TLS, gRPC) and the optional
/// <c>Kestrel:Endpoints:Http</c> (HTTP/1.1 unless its Protocols say otherwise) for what scrapers, load balancers and
/// curl speak: /metrics, /healthz, /readyz and the HTTP/JSON API. After start-up it knows their bound addresses.
/// </summary>
internal sealed class GatewayEndpoints
{
    public const string GrpcName = "Grpc";
    public const string HttpName = "Http";

    private EndpointConfiguration? _grpc;
    private EndpointConfiguration? _http;

    /// <summary>The gRPC endpoint's address once the server listens (the bound port when configured as 0).</summary>
    public Uri? Grpc => AddressOf(_grpc);

    /// <summary>The HTTP/1.1 endpoint's address once the server listens; null when it is not configured.</summary>
    public Uri? Http => AddressOf(_http);

    public void Configure(KestrelServerOptions kestrel)
    {
        // gRPC needs HTTP/2; on a plaintext (h2c) listener Kestrel can only offer it alone, without HTTP/1.1.
        kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
        kestrel.ConfigurationLoader?
            .Endpoint(GrpcName, endpoint => _grpc = endpoint)
            .Endpoint(HttpName, endpoint =>
            {
                _http = endpoint;
                if (string.IsNullOrEmpty(endpoint.ConfigSection["Protocols"]))
                {
                    endpoint.ListenOptions.Protocols = HttpProtocols.Http1;
                }
            });
    }

    private static Uri? AddressOf(EndpointConfiguration? endpoint)
    {
        if (endpoint?.ListenOptions.IPEndPoint is not { } bound)
        {
            return null;
        }

        // "localhost" binds both loopbacks and keeps the configured port; an IP address is updated with the bound port.
        var host = bound.Address.Equals(IPAddress.IPv6Loopback) ? "localhost"
            : bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]"
            : bound.Address.ToString();
        return new Uri($"{(endpoint.IsHttps ? "https" : "http")}://{host}:{bound.Port}");
    }
}
