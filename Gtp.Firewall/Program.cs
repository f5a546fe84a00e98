Console.Error.WriteLine("Gtp.Firewall: no command yet");
return 2;
