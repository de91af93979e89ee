using PushGrpc.Server.Hosting;
using PushGrpc.Server.Security;

// Before anything rents from ArrayPool.Shared: it reads its size once (see SharedArrayPoolSize).
SharedArrayPoolSize.Configure();

// `hash-key <key>` / `new-key`: print an API key's hash for PushGrpc:Auth:ApiKeys, then exit.
if (ApiKeyCommand.TryRun(args, Console.In, Console.Out, out var exitCode))
{
    return exitCode;
}

var app = await GatewayApplication.BuildAsync(args);
await app.RunAsync();
return 0;
