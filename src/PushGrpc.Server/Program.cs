using PushGrpc.Server.Hosting;

var app = await GatewayApplication.BuildAsync(args);
await app.RunAsync();
