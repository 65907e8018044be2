using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using PSMigrate;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;

/// <summary>
/// Seeding N rows into SQLite and PostgreSQL three ways in one run: the raw bulk path used
/// directly (prepared INSERT in a transaction; binary COPY), PSMigrate's engine operation, and
/// Add-MigrationRow in a PowerShell revision run by Invoke-MigrationUpgrade in the hosted engine.
/// </summary>
internal static class RowsBenchmark
{
    public static void Run(int count, int rounds)
    {
        var rows = Enumerable.Range(0, count).Select(i => new object?[] { (long)i, "name " + i, i % 1000 }).ToList();
        var hashtables = rows.Select(r => new Hashtable { ["id"] = r[0], ["name"] = r[1], ["score"] = r[2] }).ToArray();
        var root = Path.Combine(Path.GetTempPath(), "psmigrate-rows-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"## {count:N0} rows (id bigint, name text, score int); {rounds} rounds, median / best, seconds");
            Console.WriteLine();
            Console.WriteLine("| database | raw bulk path | PSMigrate engine | ratio | Add-MigrationRow (from hashtables) | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");

            var sqlite = $"Data Source={Path.Combine(root, "rows.db")}";
            Row("SQLite (prepared INSERT)", rounds, ProviderKind.Sqlite, sqlite, root, rows, hashtables,
                () => RawSqlite(sqlite, rows), () => Reset(sqlite, ProviderKind.Sqlite));

            if (Environment.GetEnvironmentVariable("PSMIGRATE_TEST_POSTGRES") is { Length: > 0 } admin)
            {
                var database = "psm_rows_" + Guid.NewGuid().ToString("N")[..8];
                Execute(admin, $"CREATE DATABASE {database}");
                // Every path on the same transport: PSMigrate connects to loopback without TLS
                // unless told otherwise, Npgsql alone would negotiate TLS and encrypt the COPY.
                var postgres = new NpgsqlConnectionStringBuilder(admin) { Database = database, SslMode = SslMode.Allow }.ConnectionString;
                try
                {
                    Row("PostgreSQL (binary COPY)", rounds, ProviderKind.PostgreSql, postgres, root, rows, hashtables,
                        () => RawCopy(postgres, rows), () => Reset(postgres, ProviderKind.PostgreSql));
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    Execute(admin, $"DROP DATABASE {database} WITH (FORCE)");
                }
            }
            else
            {
                Console.WriteLine("| PostgreSQL | (set PSMIGRATE_TEST_POSTGRES to measure) | | | | |");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    // Interleaved: each round runs the three paths in a rotated order, each into a table just
    // recreated, so a cold first round or a checkpoint lands on every path alike.
    private static void Row(string name, int rounds, ProviderKind kind, string connectionString, string root,
        List<object?[]> rows, Hashtable[] hashtables, Action raw, Action reset)
    {
        using var cmdlet = new CmdletPath(kind, connectionString, root, hashtables);
        var paths = new (Action Prepare, Action Run, List<double> Times)[]
        {
            (reset, raw, []),
            (reset, () => Engine(kind, connectionString, rows), []),
            (() => { reset(); cmdlet.Rewind(); }, cmdlet.Run, []),
        };
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var path = paths[(round + i) % paths.Length];
                path.Prepare();
                var clock = Stopwatch.StartNew();
                path.Run();
                path.Times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        foreach (var path in paths)
        {
            path.Times.Sort();
        }

        var (rawTimes, engineTimes, cmdletTimes) = (paths[0].Times, paths[1].Times, paths[2].Times);
        Console.WriteLine($"| {name} | {Format(rawTimes)} | {Format(engineTimes)} | {engineTimes[rounds / 2] / rawTimes[rounds / 2]:F2} | {Format(cmdletTimes)} | {cmdletTimes[rounds / 2] / rawTimes[rounds / 2]:F2} |");
    }

    private static string Format(List<double> times) => $"{times[times.Count / 2]:F2} / {times[0]:F2}";

    private static void RawSqlite(string connectionString, List<object?[]> rows)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO seed (id, name, score) VALUES ($id, $name, $score)";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var score = command.Parameters.Add("$score", SqliteType.Integer);
        command.Prepare();
        foreach (var row in rows)
        {
            id.Value = row[0];
            name.Value = row[1];
            score.Value = row[2];
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void RawCopy(string connectionString, List<object?[]> rows)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var importer = connection.BeginBinaryImport("COPY seed (id, name, score) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                importer.StartRow();
                importer.Write((long)row[0]!, NpgsqlDbType.Bigint);
                importer.Write((string)row[1]!, NpgsqlDbType.Text);
                importer.Write((int)row[2]!, NpgsqlDbType.Integer);
            }

            importer.Complete();
        }

        transaction.Commit();
    }

    /// <summary>The engine's bulk path, which Add-MigrationRow reaches through the step's live sink, without PowerShell.</summary>
    private static void Engine(ProviderKind kind, string connectionString, List<object?[]> rows)
    {
        var provider = ProviderRegistry.Get(kind);
        using var connection = provider.Open(connectionString);
        using var transaction = provider.BeginTransaction(connection);
        provider.BulkInsert(connection, transaction, "seed", ["id", "name", "score"], rows);
        transaction.Commit();
    }

    /// <summary>Invoke-MigrationUpgrade of a revision whose Upgrade is 'Add-MigrationRow seed -InputObject $rows', in the hosted engine.</summary>
    private sealed class CmdletPath : IDisposable
    {
        private readonly Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        private readonly string folder;

        public CmdletPath(ProviderKind kind, string connectionString, string root, Hashtable[] hashtables)
        {
            folder = Path.Combine(root, "migrations-" + kind);
            var manifest = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../module/PSMigrate/PSMigrate.psd1"));
            runspace.Open();
            runspace.SessionStateProxy.SetVariable("rows", hashtables);
            Invoke(runspace, $"Import-Module '{manifest}'; Initialize-Migration -Path '{folder}' -Provider {kind} -ConnectionString '{connectionString.Replace("'", "''")}' | Out-Null; " +
                             $"New-MigrationRevision -Path '{folder}' 'seed' -Upgrade {{ Add-MigrationRow seed -InputObject $rows }} -Downgrade {{ }} | Out-Null");
        }

        /// <summary>Back to no revision applied, untimed, so the next Run applies the seed again.</summary>
        public void Rewind() => Invoke(runspace, $"Set-MigrationVersion base -Path '{folder}' -Purge -Confirm:$false | Out-Null");

        public void Run() => Invoke(runspace, $"Invoke-MigrationUpgrade -Path '{folder}' | Out-Null");

        public void Dispose() => runspace.Dispose();
    }

    private static void Invoke(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        shell.Invoke();
        if (shell.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException(shell.Streams.Error[0].ToString());
        }
    }

    private static void Reset(string connectionString, ProviderKind kind)
    {
        var type = kind == ProviderKind.Sqlite ? "INTEGER" : "bigint";
        using var connection = ProviderRegistry.Get(kind).Open(connectionString);
        foreach (var sql in new[] { "DROP TABLE IF EXISTS seed", $"CREATE TABLE seed (id {type} PRIMARY KEY, name TEXT, score INTEGER)" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
