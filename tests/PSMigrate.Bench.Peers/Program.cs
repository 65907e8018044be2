using System.Diagnostics;
using System.Globalization;
using PSMigrate.Bench.Peers;

// Usage: PSMigrate.Bench.Peers <tool> <sqlite|postgresql> <up|down|noop|history> <folder> <connection string> <revisions>
// tools: dbup, evolve, fluentmigrator, raw-transaction, raw-autocommit. Prints: <in-process ms> <peak MiB>,
// or "n/a" for an operation the tool does not have.
var (tool, provider, operation, folder, connectionString, count) = (args[0], args[1], args[2], args[3], args[4], int.Parse(args[5], CultureInfo.InvariantCulture));
var clock = Stopwatch.StartNew();
var ran = tool switch
{
    "dbup" => DbUpPeer.Run(provider, operation, Path.Combine(folder, "dbup"), connectionString),
    "evolve" => EvolvePeer.Run(provider, operation, Path.Combine(folder, "evolve"), connectionString),
    "fluentmigrator" => FluentMigratorPeer.Run(provider, operation, connectionString, count),
    "raw-transaction" => RawSql.Run(provider, operation, connectionString, count, oneTransaction: true),
    "raw-autocommit" => RawSql.Run(provider, operation, connectionString, count, oneTransaction: false),
    _ => throw new ArgumentException($"unknown tool {tool}"),
};
Console.WriteLine(ran
    ? string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds:F1} {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F1}")
    : "n/a");
