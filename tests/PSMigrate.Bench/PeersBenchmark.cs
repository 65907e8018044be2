using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

/// <summary>
/// PSMigrate against its peers on one chain of N revisions (each creates a table and an index):
/// every tool runs up, noop (upgrade at head), history and down as whole processes, in
/// interleaved rounds, on SQLite and PostgreSQL. PSMigrate runs in a PowerShell host built like
/// pwsh (ReadyToRun), so its numbers include the module's import and the host's own start, which
/// is measured on its own ("pwsh host") and subtracted in the summary. Peak memory is the
/// process's maximum resident set (GNU time).
/// </summary>
internal static class PeersBenchmark
{
    private static readonly string[] Operations = ["up", "noop", "history", "down"];

    public static void Run(int[] sizes, int rounds, string[] providers)
    {
        var root = Path.Combine(Path.GetTempPath(), "psmigrate-peers-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var admin = Environment.GetEnvironmentVariable("PSMIGRATE_TEST_POSTGRES");
        providers = providers.Where(p => p != "postgresql" || admin is { Length: > 0 }).ToArray();
        try
        {
            var tools = Tools.Build(root);
            var results = new List<Measurement>();
            foreach (var size in sizes)
            {
                Workspace.Write(Path.Combine(root, size.ToString(CultureInfo.InvariantCulture)), size);
            }

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var provider in providers)
                {
                    foreach (var size in sizes)
                    {
                        // A different tool order each round, so no tool always runs first or after the same neighbour.
                        var order = tools.All.OrderBy(t => (t.Name.GetHashCode(StringComparison.Ordinal) ^ (round * 7919)) & 0xFFFF).ToList();
                        foreach (var tool in order)
                        {
                            results.AddRange(RunTool(tool, provider, size, Path.Combine(root, size.ToString(CultureInfo.InvariantCulture)), admin));
                        }
                    }
                }

                Console.Error.WriteLine($"round {round} of {rounds} done");
            }

            Report.Write(results, sizes, providers, rounds);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static IEnumerable<Measurement> RunTool(Tool tool, string provider, int size, string folder, string? admin)
    {
        var database = $"psm_bench_{System.Text.RegularExpressions.Regex.Replace(tool.Name.ToLowerInvariant(), "[^a-z0-9]+", "_")}_{size}";
        var sqliteFile = Path.Combine(folder, database + ".db");
        string connection;
        if (provider == "sqlite")
        {
            File.Delete(sqliteFile);
            connection = $"Data Source={sqliteFile}";
        }
        else
        {
            Admin(admin!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            Admin(admin!, $"CREATE DATABASE {database}");
            connection = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
        }

        try
        {
            foreach (var operation in tool.Operations)
            {
                var measured = tool.Run(provider, operation, folder, connection, size);
                if (measured is not null)
                {
                    yield return new Measurement(tool.Name, provider, size, operation, measured.Value.Milliseconds, measured.Value.PeakMiB);
                }
            }
        }
        finally
        {
            if (provider == "postgresql")
            {
                Admin(admin!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
        }
    }

    private static void Admin(string admin, string sql)
    {
        using var connection = new NpgsqlConnection(admin + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal sealed record Measurement(string Tool, string Provider, int Size, string Operation, double Milliseconds, double PeakMiB);

    /// <summary>One tool: a process per operation, timed from start to exit.</summary>
    internal sealed class Tool(string name, IReadOnlyList<string> operations, Func<string, string, string, string, int, ProcessStartInfo?> start)
    {
        public string Name => name;

        public IReadOnlyList<string> Operations => operations;

        public (double Milliseconds, double PeakMiB)? Run(string provider, string operation, string folder, string connection, int size)
        {
            var info = start(provider, operation, folder, connection, size);
            if (info is null)
            {
                return null;
            }

            // GNU time reports the maximum resident set of the process it runs.
            var timed = new ProcessStartInfo("/usr/bin/time", ["-f", "peak-kib %M", info.FileName, .. info.ArgumentList])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = info.WorkingDirectory,
            };
            foreach (var (key, value) in info.Environment)
            {
                timed.Environment[key] = value;
            }

            FlushDisk();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(timed)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (output.Result.Trim() == "n/a")
            {
                return null;
            }

            var peakLine = errors.Result.Split('\n').LastOrDefault(l => l.StartsWith("peak-kib ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || peakLine is null)
            {
                throw new InvalidOperationException($"{name} {operation} on {provider} failed ({process.ExitCode}):\n{output.Result}\n{errors.Result}");
            }

            return (elapsed, double.Parse(peakLine["peak-kib ".Length..], CultureInfo.InvariantCulture) / 1024);
        }
    }

    /// <summary>
    /// Writes out what earlier processes left dirty (untimed), so the fsyncs of the process about
    /// to be timed do not also wait for the previous tool's writeback.
    /// </summary>
    private static void FlushDisk()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })!;
        sync.WaitForExit();
    }

    internal sealed record Tools(IReadOnlyList<Tool> All)
    {
        /// <summary>Publishes the PowerShell host (ReadyToRun, as pwsh ships) and the peers' runner, then describes every tool.</summary>
        public static Tools Build(string root)
        {
            var repository = Repository();
            var host = Publish(Path.Combine(repository, "tests", "PSMigrate.Bench.Host", "PSMigrate.Bench.Host.csproj"), Path.Combine(root, "host"), readyToRun: true);
            var peers = Publish(Path.Combine(repository, "tests", "PSMigrate.Bench.Peers", "PSMigrate.Bench.Peers.csproj"), Path.Combine(root, "peers"), readyToRun: false);
            var manifest = Path.Combine(repository, "module", "PSMigrate", "PSMigrate.psd1");

            ProcessStartInfo Host(string folder, string? script, bool import = true)
            {
                var info = new ProcessStartInfo(Path.Combine(host, "PSMigrate.Bench.Host")) { WorkingDirectory = folder };
                if (import)
                {
                    info.ArgumentList.Add("--import");
                    info.ArgumentList.Add(manifest);
                }

                if (script is not null)
                {
                    info.ArgumentList.Add("--script");
                    info.ArgumentList.Add(script);
                }

                return info;
            }

            ProcessStartInfo? PSMigrate(string provider, string operation, string folder, string connection, string scope)
            {
                var common = $"-Path ./psmigrate -ConnectionString '{connection}'";
                var script = operation switch
                {
                    "up" => $"$null = Invoke-MigrationUpgrade {common}{scope}",
                    "noop" => $"$null = Invoke-MigrationUpgrade {common} -InformationAction Ignore",
                    "history" => $"$null = Get-MigrationHistory {common}",
                    _ => $"$null = Undo-Migration base {common} -Force{scope}",
                };
                return Host(folder, script);
            }

            ProcessStartInfo Peer(string tool, string provider, string operation, string folder, string connection, int size) =>
                new(Path.Combine(peers, "PSMigrate.Bench.Peers"), [tool, provider, operation, folder, connection, size.ToString(CultureInfo.InvariantCulture)]);

            ProcessStartInfo Alembic(string provider, string operation, string folder, string connection)
            {
                var url = provider == "sqlite"
                    ? "sqlite:///" + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource
                    : PostgresUrl(connection);
                var info = new ProcessStartInfo("/usr/bin/python3", ["-m", "alembic", "-c", Path.Combine(folder, "alembic", "alembic.ini")]) { WorkingDirectory = folder };
                foreach (var word in operation switch { "up" or "noop" => ["upgrade", "heads"], "down" => ["downgrade", "base"], _ => new[] { "history" } })
                {
                    info.ArgumentList.Add(word);
                }

                info.Environment["PSMIGRATE_BENCH_URL"] = url;
                return info;
            }

            return new Tools(
            [
                new Tool("pwsh host", ["noop"], (_, _, folder, _, _) => Host(folder, "$null = 0", import: false)),
                new Tool("PSMigrate", Operations, (provider, operation, folder, connection, _) => PSMigrate(provider, operation, folder, connection, string.Empty)),
                new Tool("PSMigrate -TransactionScope Run", ["up", "down"], (provider, operation, folder, connection, _) => PSMigrate(provider, operation, folder, connection, " -TransactionScope Run")),
                new Tool("DbUp 6.1", Operations, (provider, operation, folder, connection, size) => Peer("dbup", provider, operation, folder, connection, size)),
                new Tool("Evolve 3.2", Operations, (provider, operation, folder, connection, size) => Peer("evolve", provider, operation, folder, connection, size)),
                new Tool("FluentMigrator 8.0", Operations, (provider, operation, folder, connection, size) => Peer("fluentmigrator", provider, operation, folder, connection, size)),
                new Tool("Alembic 1.8", Operations, (provider, operation, folder, connection, _) => Alembic(provider, operation, folder, connection)),
                new Tool("raw SQL, one transaction", Operations, (provider, operation, folder, connection, size) => Peer("raw-transaction", provider, operation, folder, connection, size)),
                new Tool("raw SQL, autocommit", Operations, (provider, operation, folder, connection, size) => Peer("raw-autocommit", provider, operation, folder, connection, size)),
            ]);
        }

        private static string PostgresUrl(string connection)
        {
            var builder = new NpgsqlConnectionStringBuilder(connection);
            return $"postgresql+psycopg2://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password ?? string.Empty)}@{builder.Host}:{builder.Port}/{builder.Database}";
        }

        internal static string Publish(string project, string output, bool readyToRun)
        {
            var arguments = new List<string> { "publish", project, "-c", "Release", "-o", output, "-v", "q", "--nologo" };
            if (readyToRun)
            {
                arguments.AddRange(["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"]);
            }

            using var process = Process.Start(new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new InvalidOperationException($"dotnet publish {project} failed:\n{log}");
        }

        internal static string Repository()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PSMigrate.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (PSMigrate.sln not found above the build output).");
        }
    }

    /// <summary>The same N revisions written for every tool.</summary>
    internal static class Workspace
    {
        public static void Write(string folder, int size)
        {
            var psmigrate = Path.Combine(folder, "psmigrate", "versions");
            var dbup = Path.Combine(folder, "dbup");
            var evolve = Path.Combine(folder, "evolve");
            var alembic = Path.Combine(folder, "alembic", "versions");
            foreach (var directory in new[] { psmigrate, dbup, evolve, alembic })
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(Path.Combine(folder, "psmigrate", "psmigrate.psd1"), "@{ }\n");
            File.WriteAllText(Path.Combine(folder, "alembic", "alembic.ini"), "[alembic]\nscript_location = %(here)s\n");
            File.WriteAllText(Path.Combine(folder, "alembic", "env.py"), """
                import os
                from alembic import context
                from sqlalchemy import create_engine

                # One transaction per revision, as PSMigrate, DbUp and Evolve do by default.
                engine = create_engine(os.environ["PSMIGRATE_BENCH_URL"])
                with engine.connect() as connection:
                    context.configure(connection=connection, transaction_per_migration=True)
                    with context.begin_transaction():
                        context.run_migrations()
                """);
            for (var i = 1; i <= size; i++)
            {
                var id = $"r{i:D6}";
                var parent = i == 1 ? string.Empty : $"r{i - 1:D6}";
                var up = $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT);\nCREATE INDEX ix_t{i} ON t{i} (name);";
                File.WriteAllText(Path.Combine(psmigrate, $"{id}_t{i}.sql"),
                    $"-- Revision ID: {id}\n-- Revises: {parent}\n-- Message: t{i}\n\n-- migrate:upgrade\n{up}\n\n-- migrate:downgrade\nDROP TABLE t{i};\n");
                File.WriteAllText(Path.Combine(dbup, $"{i:D6}_t{i}.sql"), up + "\n");
                File.WriteAllText(Path.Combine(evolve, $"V{i}__t{i}.sql"), up + "\n");
                File.WriteAllText(Path.Combine(alembic, $"{id}_t{i}.py"), new StringBuilder()
                    .Append("from alembic import op\n\n")
                    .Append($"revision = '{id}'\ndown_revision = {(i == 1 ? "None" : $"'{parent}'")}\nbranch_labels = None\ndepends_on = None\n\n\n")
                    .Append($"def upgrade():\n    op.execute(\"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT)\")\n    op.execute(\"CREATE INDEX ix_t{i} ON t{i} (name)\")\n\n\n")
                    .Append($"def downgrade():\n    op.execute(\"DROP TABLE t{i}\")\n").ToString());
            }
        }
    }

    /// <summary>Markdown tables: medians with the spread, PSMigrate minus the host, overhead per revision over raw SQL.</summary>
    internal static class Report
    {
        public static void Write(List<Measurement> results, int[] sizes, string[] providers, int rounds)
        {
            Console.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
                              $"{rounds} interleaved rounds; whole processes, median (min-max) ms; peak resident memory in MiB.");
            foreach (var provider in providers)
            {
                foreach (var size in sizes)
                {
                    var rows = results.Where(r => r.Provider == provider && r.Size == size).ToList();
                    Console.WriteLine();
                    Console.WriteLine($"### {(provider == "sqlite" ? "SQLite" : "PostgreSQL")}, N = {size:N0}");
                    Console.WriteLine();
                    Console.WriteLine("| tool | up | noop | history | down | peak MiB |");
                    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
                    foreach (var tool in rows.Select(r => r.Tool).Distinct())
                    {
                        var cells = Operations.Select(op => Cell(rows.Where(r => r.Tool == tool && r.Operation == op).Select(r => r.Milliseconds).ToList()));
                        var peak = rows.Where(r => r.Tool == tool).Max(r => r.PeakMiB);
                        Console.WriteLine($"| {tool} | {string.Join(" | ", cells)} | {peak:F0} |");
                    }

                    var host = Median(rows.Where(r => r.Tool == "pwsh host").Select(r => r.Milliseconds).ToList());
                    var psmigrate = Operations.Select(op => Median(rows.Where(r => r.Tool == "PSMigrate" && r.Operation == op).Select(r => r.Milliseconds).ToList()) - host);
                    Console.WriteLine($"| **PSMigrate minus the pwsh host's start** | {string.Join(" | ", psmigrate.Select(v => $"**{v:F0}**"))} | |");
                    var raw = Median(rows.Where(r => r.Tool == "raw SQL, one transaction" && r.Operation == "up").Select(r => r.Milliseconds).ToList());
                    var run = Median(rows.Where(r => r.Tool == "PSMigrate -TransactionScope Run" && r.Operation == "up").Select(r => r.Milliseconds).ToList()) - host;
                    Console.WriteLine();
                    Console.WriteLine($"Up, per revision above raw SQL in one transaction: " + string.Join("; ",
                        rows.Where(r => r.Operation == "up" && r.Tool != "pwsh host").Select(r => r.Tool).Distinct().Select(tool =>
                        {
                            var time = Median(rows.Where(r => r.Tool == tool && r.Operation == "up").Select(r => r.Milliseconds).ToList()) - (tool.StartsWith("PSMigrate", StringComparison.Ordinal) ? host : 0);
                            return $"{tool} {(time - raw) / size:F2} ms";
                        })) + $". PSMigrate -TransactionScope Run minus the host / raw SQL in one transaction: {run / raw:F2}x.");
                    var upPeaks = rows.Where(r => r.Tool == "PSMigrate" && r.Operation == "up").Select(r => r.PeakMiB).ToList();
                    var hostPeak = rows.Where(r => r.Tool == "pwsh host").Select(r => r.PeakMiB).DefaultIfEmpty(double.NaN).Max();
                    if (upPeaks.Count > 0)
                    {
                        Console.WriteLine($"Peak resident memory of PSMigrate's up: {upPeaks.Min():F1}-{upPeaks.Max():F1} MiB over the rounds, the pwsh host alone at most {hostPeak:F1}: " +
                                          $"+{upPeaks.Max() - hostPeak:F1} MiB at the highest (target + 30).");
                    }
                }
            }
        }

        private static string Cell(List<double> values) =>
            values.Count == 0 ? "n/a" : $"{Median(values):F0} ({values.Min():F0}-{values.Max():F0})";

        private static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            values.Sort();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }
    }
}
