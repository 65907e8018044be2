using System.Diagnostics;
using System.Globalization;
using Npgsql;

/// <summary>
/// Many databases in one call: the same folder of revisions upgraded into D SQLite files and D
/// PostgreSQL databases by one Invoke-MigrationUpgrade, one at a time and with -ThrottleLimit
/// 2, 4 and 8, each a whole process of the pwsh-like host, in interleaved rounds (every database
/// emptied between runs).
/// </summary>
internal static class FleetBenchmark
{
    public static void Run(int sqliteDatabases, int postgresDatabases, int revisions, int[] throttles, int rounds)
    {
        var root = Path.Combine(Path.GetTempPath(), "psmigrate-fleet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var admin = Environment.GetEnvironmentVariable("PSMIGRATE_TEST_POSTGRES");
        var postgres = new List<string>();
        try
        {
            var host = PeersBenchmark.Tools.Publish(Path.Combine(PeersBenchmark.Tools.Repository(), "tests", "PSMigrate.Bench.Host", "PSMigrate.Bench.Host.csproj"), Path.Combine(root, "host"), readyToRun: true);
            var manifest = Path.Combine(PeersBenchmark.Tools.Repository(), "module", "PSMigrate", "PSMigrate.psd1");
            WriteRevisions(Path.Combine(root, "migrations"), revisions);
            var sqlite = Enumerable.Range(1, sqliteDatabases).Select(i => $"Data Source={Path.Combine(root, "db", $"tenant{i:000}.db")}").ToList();
            Directory.CreateDirectory(Path.Combine(root, "db"));
            if (admin is { Length: > 0 } && postgresDatabases > 0)
            {
                postgres = CreatePostgres(admin, postgresDatabases);
            }

            var fleets = new List<(string Name, List<string> Connections, Action Reset)>
            {
                ($"SQLite, {sqliteDatabases} databases", sqlite, () => { foreach (var file in Directory.GetFiles(Path.Combine(root, "db"))) { File.Delete(file); } }),
            };
            if (postgres.Count > 0)
            {
                fleets.Add(($"PostgreSQL, {postgres.Count} databases", postgres, () => ResetPostgres(postgres)));
            }

            var times = new Dictionary<(string Fleet, int Throttle), List<double>>();
            for (var round = 0; round < rounds; round++)
            {
                // A different order each round, so no setting always runs first.
                foreach (var throttle in throttles.Skip(round % throttles.Length).Concat(throttles.Take(round % throttles.Length)))
                {
                    foreach (var (name, connections, reset) in fleets)
                    {
                        reset();
                        var list = Path.Combine(root, "connections.txt");
                        File.WriteAllLines(list, connections);
                        var elapsed = Time(host, manifest, root,
                            $"$cs = [IO.File]::ReadAllLines('{list}'); $null = Invoke-MigrationUpgrade -Path ./migrations -ConnectionString $cs -ThrottleLimit {throttle} -InformationAction Ignore");
                        (times.TryGetValue((name, throttle), out var list2) ? list2 : times[(name, throttle)] = []).Add(elapsed);
                    }
                }

                Console.Error.WriteLine($"round {round + 1} of {rounds} done");
            }

            Console.WriteLine($"Measured {DateTime.Now:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
                              $"{revisions} revisions per database; {rounds} interleaved rounds; whole processes, median (min-max) ms.");
            Console.WriteLine();
            Console.WriteLine($"| fleet | {string.Join(" | ", throttles.Select(t => t == 1 ? "one at a time" : $"-ThrottleLimit {t}"))} |");
            Console.WriteLine($"| --- |{string.Concat(throttles.Select(_ => " ---: |"))}");
            foreach (var (name, _, _) in fleets)
            {
                var baseline = Median(times[(name, throttles[0])]);
                var cells = throttles.Select(t =>
                {
                    var values = times[(name, t)];
                    var median = Median(values);
                    return $"{median:F0} ({values.Min():F0}-{values.Max():F0}){(t == throttles[0] ? string.Empty : $", {baseline / median:F2}x")}";
                });
                Console.WriteLine($"| {name} | {string.Join(" | ", cells)} |");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (admin is { Length: > 0 })
            {
                DropPostgres(admin, postgres);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    internal static void WriteRevisions(string folder, int count)
    {
        Directory.CreateDirectory(Path.Combine(folder, "versions"));
        File.WriteAllText(Path.Combine(folder, "psmigrate.psd1"), "@{ }\n");
        string? previous = null;
        for (var i = 1; i <= count; i++)
        {
            var id = $"f{i:00000}";
            File.WriteAllText(Path.Combine(folder, "versions", $"{id}_t{i}.sql"),
                $"-- Revision ID: {id}\n-- Revises: {previous}\n-- Message: t{i}\n\n-- migrate:upgrade\n" +
                $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name VARCHAR(100));\nCREATE INDEX ix_t{i}_name ON t{i} (name);\n\n-- migrate:downgrade\nDROP TABLE t{i};\n");
            previous = id;
        }
    }

    private static double Time(string host, string manifest, string folder, string script)
    {
        var info = new ProcessStartInfo(Path.Combine(host, "PSMigrate.Bench.Host"), ["--import", manifest, "--script", script])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return process.ExitCode == 0 && errors.Result.Length == 0 ? elapsed : throw new InvalidOperationException($"fleet run failed: {errors.Result}");
    }

    private static List<string> CreatePostgres(string admin, int count)
    {
        var names = Enumerable.Range(1, count).Select(i => $"psm_fleet_{i:00}").ToList();
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        foreach (var name in names)
        {
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE); CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return names.Select(name => new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString).ToList();
    }

    private static void ResetPostgres(List<string> databases)
    {
        foreach (var database in databases)
        {
            using var connection = new NpgsqlConnection(database);
            connection.Open();
            using var command = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public", connection);
            command.ExecuteNonQuery();
        }

        NpgsqlConnection.ClearAllPools();
    }

    private static void DropPostgres(string admin, List<string> databases)
    {
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        foreach (var database in databases)
        {
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
