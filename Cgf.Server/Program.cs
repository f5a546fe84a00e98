Console.Error.WriteLine("Cgf.Server: not yet");
return 2;
