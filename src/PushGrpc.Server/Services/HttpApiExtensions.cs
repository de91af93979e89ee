using Microsoft.OpenApi.Models;

namespace PushGrpc.Server.Services;

/// <summary>The HTTP/JSON door: gRPC JSON transcoding of <see cref="HttpApiService"/> and its OpenAPI document.</summary>
internal static class HttpApiExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";

    public static void AddHttpApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "PushGrpc HTTP API",
            Version = "v1",
            Description = "PushService.Send and ChannelService over HTTP/JSON (gRPC JSON transcoding): the request and response JSON are those of the gRPC API.",
        }));
    }

    public static void MapHttpApi(this WebApplication app)
    {
        app.MapGrpcService<HttpApiService>();
        app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
    }
}
