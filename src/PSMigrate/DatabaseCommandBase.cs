using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// Cmdlets that talk to a database: which one (or which many), and how each connection is
/// chosen. With one database the work runs on the pipeline thread as it always did; with
/// several (an array, piped inventory rows, -Database, -ThrottleLimit) each database runs as a
/// <see cref="DatabaseFleet"/> member, its failure its own, and a summary ends the run.
/// </summary>
public abstract class DatabaseCommandBase : MigrationCommandBase
{
    private readonly List<(DatabaseTarget Database, Action<DatabaseRun> Work)> fleet = [];
    private readonly Dictionary<string, RevisionGraph> graphs = new(StringComparer.Ordinal);
    private bool connectionFromCommandLine;
    private DirectOutput? output;

    /// <summary>Wins over PSMIGRATE_CONNECTION_STRING and the config file; several run as many databases. Bound from piped inventory rows.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? ConnectionString { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DatabaseProvider? Provider { get; set; }

    /// <summary>What to call the database given with -ConnectionString in objects and messages (an inventory's Name column binds to it).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string? DatabaseName { get; set; }

    /// <summary>Databases of the config file's Databases table, by name; wildcards allowed.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Database { get; set; }

    /// <summary>How many databases run at once; 1 runs them one after another.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Starts no further database once one has failed.</summary>
    [Parameter]
    public SwitchParameter FailFast { get; set; }

    /// <summary>User name and password merged into the connection string, so neither sits in a script or file.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>True when the command will not connect (an offline script planned from -From), so no connection string is needed.</summary>
    protected virtual bool NeedsNoConnection => false;

    /// <summary>True when the command writes SQL instead of running it, which is one database's business.</summary>
    protected virtual bool WritesScript => false;

    internal DirectOutput Output => output ??= new DirectOutput(this);

    /// <summary>-WhatIf was given: even with -Force, each step is only reported.</summary>
    protected bool WhatIfGiven => MyInvocation.BoundParameters.ContainsKey("WhatIf");

    /// <summary>Whether ShouldProcess will itself prompt at this impact (-Confirm, or $ConfirmPreference at or below it).</summary>
    protected bool ConfirmPrompts(ConfirmImpact impact)
    {
        if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
        {
            return ((SwitchParameter)confirm).IsPresent;
        }

        var preference = GetVariableValue("ConfirmPreference") is ConfirmImpact value ? value : ConfirmImpact.High;
        return preference != ConfirmImpact.None && impact >= preference;
    }

    /// <summary>-Confirm:$false was given: the user said not to ask.</summary>
    protected bool ConfirmDeclined => MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm) && !((SwitchParameter)confirm).IsPresent;

    protected override void BeginProcessing() =>
        connectionFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(ConnectionString));

    protected sealed override void Process()
    {
        var project = Project();
        var databases = ResolveDatabases(project);
        var bound = MyInvocation.BoundParameters;
        var manyAtOnce = databases.Count > 1 || fleet.Count > 0 || bound.ContainsKey(nameof(Database)) || bound.ContainsKey(nameof(ThrottleLimit))
                         || bound.ContainsKey(nameof(FailFast)) || (!connectionFromCommandLine && bound.ContainsKey(nameof(ConnectionString)));
        if (manyAtOnce && WritesScript)
        {
            throw new MigrationException(MigrationErrors.ScriptNeedsOneDatabase,
                $"-Script writes the SQL of one database, and {databases.Count + fleet.Count} were given ({string.Join(", ", databases.Concat(fleet.Select(f => f.Database)).Select(d => d.Name).Distinct())}); script them one at a time.",
                databases[0].Name);
        }

        var work = Prepare(project);
        if (!manyAtOnce)
        {
            work(new DatabaseRun(databases[0], Output, new PowerShellRevisionRunner(), StopRequested));
            return;
        }

        fleet.AddRange(databases.Select(database => (database, work)));
    }

    protected override void EndProcessing()
    {
        if (fleet.Count > 0)
        {
            Guarded(RunFleet);
        }
    }

    /// <summary>
    /// Reads this record's parameters (on the pipeline thread) and returns the work to do on one
    /// database; the work writes only through its run's Output, so it may run on another thread.
    /// </summary>
    private protected abstract Action<DatabaseRun> Prepare(MigrationProject project);

    /// <summary>What a many-database run writes when every database has finished: the summary.</summary>
    private protected virtual void Finished(MigrationFleetSummary summary) => WriteObject(summary);

    /// <summary>The folder's revisions, read and checked once however many databases they go to.</summary>
    protected RevisionGraph Revisions(MigrationProject project)
    {
        if (!graphs.TryGetValue(project.Directory, out var graph))
        {
            graph = project.LoadRevisions();
            graphs[project.Directory] = graph;
        }

        return graph;
    }

    /// <summary>The folder's revisions and one database, ready for the engine.</summary>
    private protected static Migrator Migrator(DatabaseRun run, RevisionGraph graph, TimeSpan? lockTimeout = null, int lockWaitRetries = 0,
        TransactionScope transactionScope = TransactionScope.Revision) =>
        new(graph, run.Database, run.Runner)
        {
            LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(300),
            LockWaitRetries = lockWaitRetries,
            TransactionScope = transactionScope,
        };

    /// <summary>The database's heads and history, with a warning when the database is not there yet (a mistyped SQLite path reads as empty).</summary>
    private protected static DatabaseState ReadState(Migrator migrator, DatabaseRun run)
    {
        var state = migrator.ReadState(cancellation: run.Stop);
        if (state.Absence is { } absence)
        {
            run.Output.Warning(absence.Message);
        }

        return state;
    }

    private List<DatabaseTarget> ResolveDatabases(MigrationProject project)
    {
        var settings = ConfigurationFile.Read(project.ConfigPath);
        var credential = Credential is null ? ((string, string)?)null : (Credential.UserName, Credential.GetNetworkCredential().Password);
        var provider = Provider?.ToEngine();
        var databases = new List<DatabaseTarget>();
        foreach (var configured in Configured(settings, project))
        {
            databases.Add(DatabaseTargetResolver.ResolveConfigured(settings, project.Directory, configured, provider, credential));
        }

        // Neither -ConnectionString nor Databases in the settings: the one database the settings and the environment name.
        string?[] connections = ConnectionString ?? (databases.Count == 0 ? new string?[] { null } : []);
        foreach (var connection in connections)
        {
            var database = DatabaseTargetResolver.Resolve(
                settings,
                project.Directory,
                CurrentDirectory,
                connection,
                Environment.GetEnvironmentVariable(MigrationSettings.ConnectionStringVariable),
                provider,
                credential,
                connectionOptional: NeedsNoConnection);
            databases.Add(connections.Length == 1 ? database.Named(DatabaseName) : database);
        }

        foreach (var database in databases)
        {
            WriteVerbose($"Database: {database} (connection string from {database.Source}), shown as '{database.Name}'.");
        }

        return databases;
    }

    private IEnumerable<ConfiguredDatabase> Configured(MigrationSettings settings, MigrationProject project)
    {
        if (Database is null)
        {
            return [];
        }

        var known = settings.Databases;
        var chosen = new List<ConfiguredDatabase>();
        foreach (var name in Database)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = known.Where(d => pattern.IsMatch(d.Name)).ToList();
            if (matches.Count == 0)
            {
                throw new MigrationException(MigrationErrors.DatabaseNotConfigured,
                    known.Count == 0
                        ? $"-Database '{name}': {project.ConfigPath} has no Databases table; add Databases = @{{ name = 'connection string' }} to it, or pass -ConnectionString."
                        : $"-Database '{name}' matches none of the databases in {project.ConfigPath}: {string.Join(", ", known.Select(d => d.Name))}.",
                    name) { FilePath = project.ConfigPath };
            }

            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        return known.Where(chosen.Contains);
    }

    private void RunFleet()
    {
        var work = fleet.ToDictionary(f => (object)f.Database, f => f.Work, ReferenceEqualityComparer.Instance);
        var databases = fleet.Select(f => f.Database).ToList();
        var activity = $"{MyInvocation.MyCommand.Name}: {databases.Count} databases, {ThrottleLimit} at a time";
        using var pump = new FleetPump();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(StopRequested);
        int finished = 0, failed = 0;
        Output.Bar(DirectOutput.ProgressId, -1, activity, $"0 of {databases.Count} done", 0, null);
        var run = new DatabaseFleet(databases) { ThrottleLimit = ThrottleLimit, FailFast = FailFast }.Start(
            (database, slot, token) =>
            {
                using var runner = new PowerShellRevisionRunner(ownRunspace: true);
                work[database](new DatabaseRun(database, new FleetOutput(pump, Output, database.Name, slot), runner, token));
            },
            (outcome, error) => pump.Post(() =>
            {
                finished++;
                if (error is not null)
                {
                    failed++;
                    WriteDatabaseError(outcome.Database, error);
                }

                Output.Bar(DirectOutput.ProgressId, -1, activity, $"{finished} of {databases.Count} done, {failed} failed", finished * 100 / databases.Count, outcome.Database);
            }),
            stop.Token);
        try
        {
            pump.RunUntil(run);
        }
        catch
        {
            // Stopped, or an error the caller made terminating: the running databases roll back and end first.
            stop.Cancel();
            run.Wait(CancellationToken.None);
            throw;
        }
        finally
        {
            Output.Bar(DirectOutput.ProgressId, -1, activity, null, 100, null);
        }

        var summary = run.Result;
        Finished(summary);
        if (summary.Failed > 0)
        {
            var failures = summary.Results.Where(r => r.Outcome == DatabaseFleet.Failed).Select(r => r.Database).ToList();
            FailScript(ErrorRecords.From(new MigrationException(MigrationErrors.FleetFailed,
                $"{summary.Failed} of {summary.Databases} databases failed ({string.Join(", ", failures)}); {summary.Succeeded} succeeded" +
                (summary.Skipped > 0 ? $" and {summary.Skipped} were not started." : "."), failures)));
        }
    }

    /// <summary>
    /// One database's failure as a non-terminating error naming it (the caller's $ErrorActionPreference
    /// does not stop the others; an explicit -ErrorAction does), with the database as the target object.
    /// </summary>
    private void WriteDatabaseError(string database, Exception error)
    {
        var inner = error switch
        {
            MigrationException migration => ErrorRecords.From(migration),
            IOException io => ErrorRecords.From(MigrationErrors.FileAccessFailed, io, database),
            UnauthorizedAccessException denied => ErrorRecords.From(MigrationErrors.FileAccessDenied, denied, database),
            _ => ErrorRecords.From(MigrationErrors.FleetFailed, error, database),
        };
        var record = new ErrorRecord(inner.Exception, inner.FullyQualifiedErrorId, inner.CategoryInfo.Category, database)
        {
            ErrorDetails = new ErrorDetails($"{database}: {inner.ErrorDetails?.Message ?? inner.Exception.Message}")
            {
                RecommendedAction = inner.ErrorDetails?.RecommendedAction,
            },
        };
        if (MyInvocation.BoundParameters.ContainsKey("ErrorAction"))
        {
            WriteError(record);
            return;
        }

        WithPreference("ErrorActionPreference", ActionPreference.Continue, () => WriteError(record));
    }
}
