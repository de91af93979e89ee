using PushGrpc.Examples;

return await BroadcastCommand.RunAsync(args, Console.Out, Console.Error);
