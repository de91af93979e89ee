using PushGrpc.Examples;

return await SendCommand.RunAsync(args, Console.Out, Console.Error);
