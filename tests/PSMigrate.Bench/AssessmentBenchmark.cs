using System.Diagnostics;
using System.Globalization;
using PSMigrate;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

/// <summary>
/// What the pre-run hazard check costs an upgrade: the same upgrade of N revisions (each a
/// table and an index) in process, with the check (a run without -Force) and without it
/// (-Force), interleaved; each round ends with a downgrade to base that is not timed.
/// Usage: dotnet run -c Release --project tests/PSMigrate.Bench -- assess [revisions=1000] [rounds=5] [providers=sqlite,postgresql]
/// </summary>
internal static class AssessmentBenchmark
{
    public static void Run(int count, int rounds, string[] providers)
    {
        var root = Path.Combine(Path.GetTempPath(), "psmigrate-assess-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            FleetBenchmark.WriteRevisions(root, count);
            var graph = MigrationProject.At(root).LoadRevisions();
            Console.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, .NET {Environment.Version}; {count:N0} revisions, {rounds} interleaved rounds, in process, ms.");
            Console.WriteLine();
            Console.WriteLine("| database | upgrade with -Force | upgrade with the check | check alone |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var provider in providers)
            {
                var connection = provider == "sqlite"
                    ? $"Data Source={Path.Combine(root, "bench.db")}"
                    : Environment.GetEnvironmentVariable("PSMIGRATE_TEST_POSTGRES") ?? throw new InvalidOperationException("Set PSMIGRATE_TEST_POSTGRES for the PostgreSQL rows.");
                var database = DatabaseTargetResolver.Resolve(new MigrationSettings(), root, root, connection, null,
                    provider == "sqlite" ? ProviderKind.Sqlite : ProviderKind.PostgreSql);
                var forced = new List<double>();
                var checkedRuns = new List<double>();
                var checks = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var check in round % 2 == 0 ? new[] { false, true } : [true, false])
                    {
                        var observer = new CheckingObserver(check);
                        var clock = Stopwatch.StartNew();
                        new Migrator(graph, database).Run(MigrationTarget.Upgrade("heads"), observer);
                        (check ? checkedRuns : forced).Add(clock.Elapsed.TotalMilliseconds);
                        if (check)
                        {
                            checks.Add(observer.CheckMs);
                        }

                        new Migrator(graph, database).Run(MigrationTarget.Downgrade("base"));
                    }
                }

                Console.WriteLine($"| {provider} | {Summary(forced)} | {Summary(checkedRuns)} | {Summary(checks)} |");
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2]:F0} ({sorted[0]:F0}-{sorted[^1]:F0})");
    }

    /// <summary>Wants the hazards (as a run without -Force does) and times from planning to the assessment's end.</summary>
    private sealed class CheckingObserver(bool check) : MigrationObserver
    {
        private readonly Stopwatch clock = new();

        public double CheckMs { get; private set; }

        public override bool WantsHazards => check;

        public override bool WantsStatements => false;

        public override void Planned(MigrationPlan plan) => clock.Restart();

        public override void Assessed(IReadOnlyList<PlannedMigrationStep> steps) => CheckMs = clock.Elapsed.TotalMilliseconds;
    }
}
