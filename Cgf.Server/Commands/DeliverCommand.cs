using Cgf.Server.Delivery;
using Cgf.Server.Diagnostics;
using Microsoft.Extensions.Logging;
using Operations;
using Operations.CommandLine;
using Operations.Logging;
using Storage.Cgf;
using System.CommandLine;

namespace Cgf.Server.Commands;

/// <summary>
/// <c>Cgf.Server deliver</c>: sends every recorded export file to the Cgf:Delivery:Destinations now, as the server does
/// each poll, until each destination that takes files has them all or fails once; prints one line per destination.
/// Exit 0 when nothing is left undelivered, 1 when files wait. Not beside a running server with the same destinations:
/// two deliverers would race for the same remote names.
/// </summary>
public static class DeliverCommand
{
    public static Command Create()
    {
        var command = new Command("deliver",
            "Send every recorded export file to the Cgf:Delivery:Destinations now (exactly once per destination, as the server does); " +
            "exit 1 when files are left undelivered")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(result => Run(CommandInput.From(result)));
        return command;
    }

    public static int Run(CommandInput input)
    {
        var configuration = CommandConfiguration.Build(input.ConfigFile, input.Overrides);
        var options = CommandConfiguration.Bind(configuration);
        if (options.Delivery.Destinations.Count == 0)
            throw CommandFailure.Usage("no Cgf:Delivery:Destinations configured");
        CgfStorage.Verify(options.StorageLocation());
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(verbose: false, configuration);
        var logger = loggerFactory.CreateLogger("Cgf.Server.Delivery");
        using var deliverer = new Deliverer(options.Delivery, options.StorageLocation(), logger);
        var delivered = 0;
        // Failover: each pass tries the active destination once; a failure may hand over to the next, up to all of them.
        for (var pass = 0; pass < options.Delivery.Destinations.Count * options.Delivery.FailuresBeforeSwitch; pass++)
        {
            delivered += deliverer.Pass(options.Export.Directory!, CancellationToken.None);
            if (deliverer.Undelivered().Count == 0 || options.Delivery.Mode == Configuration.DeliveryMode.All)
                break;
        }
        var keys = deliverer.Keys;
        for (var i = 0; i < keys.Count; i++)
            Console.WriteLine($"{keys[i]}\t{deliverer.DeliveredTotal(i)} delivered\t{deliverer.FailuresTotal(i)} failed attempts{(deliverer.IsActive(i) ? "\tactive" : "")}");
        var (undelivered, _) = deliverer.Undelivered();
        DeliveryLog.Completed(logger, delivered, deliverer.FailingDestinations, undelivered);
        return undelivered == 0 ? ExitCode.Success : ExitCode.NotCompleted;
    }
}
