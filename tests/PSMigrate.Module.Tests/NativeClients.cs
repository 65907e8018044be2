using System.Diagnostics;

namespace PSMigrate.Module.Tests;

/// <summary>The database's own command-line clients, which offline scripts are written for.</summary>
public static class NativeClients
{
    /// <summary>Runs a script with the sqlite3 shell against a database file: exit code, standard output, standard error.</summary>
    public static (int ExitCode, string Output, string Errors) Sqlite3(string database, string script) =>
        Run(new ProcessStartInfo("sqlite3", [database]), script);

    /// <summary>Runs a script with psql (-X, no .psqlrc) against the database a connection string names.</summary>
    public static (int ExitCode, string Output, string Errors) Psql(string connectionString, string script) =>
        Run(PostgresClient("psql", connectionString, ["-X", "-q", "-v", "VERBOSITY=terse"]), script);

    /// <summary>pg_dump of the database a connection string names, with the arguments given.</summary>
    public static (int ExitCode, string Output, string Errors) PgDump(string connectionString, params string[] arguments) =>
        Run(PostgresClient("pg_dump", connectionString, arguments), string.Empty);

    private static ProcessStartInfo PostgresClient(string program, string connectionString, string[] arguments)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : string.Empty, StringComparer.OrdinalIgnoreCase);
        return new ProcessStartInfo(program, arguments)
        {
            Environment =
            {
                ["PGHOST"] = parts.GetValueOrDefault("Host"),
                ["PGPORT"] = parts.GetValueOrDefault("Port") ?? "5432",
                ["PGUSER"] = parts.GetValueOrDefault("Username"),
                ["PGPASSWORD"] = parts.GetValueOrDefault("Password"),
                ["PGDATABASE"] = parts.GetValueOrDefault("Database"),
            },
        };
    }

    private static (int, string, string) Run(ProcessStartInfo start, string input)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result);
    }
}
