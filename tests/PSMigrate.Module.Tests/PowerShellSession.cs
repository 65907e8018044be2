using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Path = System.IO.Path;

namespace PSMigrate.Module.Tests;

/// <summary>What one script run produced on each stream, plus the terminating error if it threw.</summary>
public sealed record ScriptResult(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Information,
    IReadOnlyList<string> HostLines,
    IReadOnlyList<string> WhatIf,
    IReadOnlyList<ProgressRecord> Progress,
    ErrorRecord? Terminating)
{
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);

    /// <summary>Everything a person or a log could see: every stream, every property of every output object, every error's details.</summary>
    public string EverythingVisible() => string.Join("\n",
        Output.SelectMany(o => o.Properties.Select(p => $"{p.Name}={p.Value}")).Concat(Output.Select(o => o.ToString()))
            .Concat(AllErrors.SelectMany(e => new[] { e.ToString(), e.Exception.ToString(), e.ErrorDetails?.Message ?? "", e.ErrorDetails?.RecommendedAction ?? "", e.TargetObject?.ToString() ?? "", e.CategoryInfo.ToString() }))
            .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information).Concat(HostLines));

    public ErrorRecord SingleError => Assert.Single(AllErrors);

    public void ShouldSucceed()
    {
        var problems = AllErrors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}

/// <summary>
/// A runspace of the real PowerShell engine that has imported the staged module from
/// module/PSMigrate, with its own temporary folder as the current location.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private const string Helpers = """
        function Read-TestRows($Connection, [string] $Sql) {
            $Connection.Open()
            try {
                $command = $Connection.CreateCommand()
                $command.CommandText = $Sql
                $reader = $command.ExecuteReader()
                while ($reader.Read()) {
                    $row = [ordered]@{}
                    for ($i = 0; $i -lt $reader.FieldCount; $i++) { $row[$reader.GetName($i)] = $reader.GetValue($i) }
                    [pscustomobject] $row
                }
                $reader.Dispose()
            } finally { $Connection.Dispose() }
        }

        # The drivers live in PSMigrate's own load context, not the default one: take their types from there.
        function Get-ModuleType([string] $Assembly, [string] $Type) {
            $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'PSMigrate'
            $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new($Assembly)).GetType($Type, $true)
        }

        function Invoke-TestQuery([string] $Database, [string] $Sql) {
            $type = Get-ModuleType 'Microsoft.Data.Sqlite' 'Microsoft.Data.Sqlite.SqliteConnection'
            Read-TestRows ($type::new("Data Source=$Database;Mode=ReadOnly;Pooling=False")) $Sql
        }

        # Writes to a SQLite file behind PSMigrate's back (a table already there, an old engine table).
        function Invoke-TestSqliteWrite([string] $Database, [string] $Sql) {
            $type = Get-ModuleType 'Microsoft.Data.Sqlite' 'Microsoft.Data.Sqlite.SqliteConnection'
            $connection = $type::new("Data Source=$Database;Pooling=False")
            $connection.Open()
            try {
                $command = $connection.CreateCommand()
                $command.CommandText = $Sql
                $null = $command.ExecuteNonQuery()
            } finally { $connection.Dispose() }
        }

        # Rows as Import-Csv makes them, for a CSV without commas inside values (Utility's cmdlets
        # are not in the test host; the Pester suite has the real ones).
        function Import-TestCsv([string] $LiteralPath) {
            $lines = [IO.File]::ReadAllLines([IO.Path]::Combine($PWD.Path, $LiteralPath))
            $names = $lines[0].Split(',')
            foreach ($line in $lines[1..($lines.Count - 1)]) {
                $row = [ordered]@{}
                $values = $line.Split(',')
                for ($i = 0; $i -lt $names.Count; $i++) { $row[$names[$i]] = $values[$i].Trim('"') }
                [pscustomobject] $row
            }
        }

        function Invoke-TestPgQuery([string] $ConnectionString, [string] $Sql) {
            $type = Get-ModuleType 'Npgsql' 'Npgsql.NpgsqlConnection'
            Read-TestRows ($type::new($ConnectionString + ';Pooling=false')) $Sql
        }
        """;

    private readonly Runspace runspace;

    /// <param name="interactive">A host someone can answer (VS Code's); otherwise pwsh on a pipeline agent.</param>
    public PowerShellSession(string provider = Providers.Sqlite, bool interactive = false)
    {
        Host = new TestHost(interactive);
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "psmigrate-test-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Directory);
        var state = InitialSessionState.CreateDefault2();
        runspace = RunspaceFactory.CreateRunspace(Host, state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(Directory);
        var import = Run($"Import-Module '{ModulePaths.Manifest}' -ErrorAction Stop; {Helpers}");
        import.ShouldSucceed();
        Db = TestDatabase.Create(this, provider);
    }

    /// <summary>The test's own empty database on the provider under test.</summary>
    public TestDatabase Db { get; }

    /// <summary>Initialize-Migration for the provider under test.</summary>
    public void Initialise() =>
        Run("Initialize-Migration -Provider $p -ConnectionString $cs",
            new Dictionary<string, object?> { ["p"] = Db.Provider, ["cs"] = Db.ConnectionString }).ShouldSucceed();

    /// <summary>Records console text (-WhatIf lines) and answers prompts: 0 = Yes, 1 = Yes to All, 2 = No.</summary>
    public TestHost Host { get; }

    /// <summary>The temporary folder that is the session's current location.</summary>
    public string Directory { get; }

    /// <summary>A PowerShell instance on the session's runspace, for tests that drive an invocation themselves.</summary>
    public PowerShell CreateShell()
    {
        var shell = PowerShell.Create();
        shell.Runspace = runspace;
        return shell;
    }

    public ScriptResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            runspace.SessionStateProxy.SetVariable(name, value);
        }

        shell.AddScript(script);
        Collection<PSObject> output = [];
        ErrorRecord? terminating = null;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException error)
        {
            terminating = error.ErrorRecord;
        }

        var hostLines = Host.Lines.ToList();
        Host.Lines.Clear();
        return new ScriptResult(
            output,
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            hostLines,
            hostLines.Where(i => i.StartsWith("What if:", StringComparison.Ordinal)).ToList(),
            shell.Streams.Progress.ToList(),
            terminating);
    }

    /// <summary>Rows of a query against a SQLite file, read with the module's own driver, read-only.</summary>
    public List<PSObject> Query(string sql, string database)
    {
        var result = Run("Invoke-TestQuery -Database $db -Sql $sql", new Dictionary<string, object?> { ["db"] = database, ["sql"] = sql });
        result.ShouldSucceed();
        return result.Output.ToList();
    }

    /// <summary>Runs statements against a SQLite file with the module's own driver, outside any migration.</summary>
    public void WriteSqlite(string database, string sql) =>
        Run("Invoke-TestSqliteWrite -Database $db -Sql $sql", new Dictionary<string, object?> { ["db"] = database, ["sql"] = sql }).ShouldSucceed();

    public List<string> Column(string sql, string database) =>
        Query(sql, database).Select(row => row.Properties.First().Value?.ToString() ?? string.Empty).ToList();

    /// <summary>Runs before the session closes: extra databases a test made drop themselves here.</summary>
    public event Action? Disposing;

    public void Dispose()
    {
        Disposing?.Invoke();
        Db.Dispose();
        runspace.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
