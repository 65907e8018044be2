using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>What the database says about itself: its heads and its history, read without creating anything.</summary>
public sealed record DatabaseState(bool Exists, IReadOnlyList<string> Heads, IReadOnlyList<HistoryRecord> History)
{
    /// <summary>Why the database is not there (a SQLite file not created yet), worth a warning when only reading.</summary>
    public DatabaseAbsence? Absence { get; init; }

    /// <summary>Revisions whose last run failed halfway (no transaction) and wait for Repair-Migration.</summary>
    public IReadOnlyList<HistoryRecord> FailedRuns =>
        History.GroupBy(r => r.Revision, StringComparer.Ordinal).Select(g => g.Last()).Where(r => r.Outcome == HistoryRecord.Failed).ToList();
}

/// <summary>
/// The whole migration protocol for one database, as one call: read where the database is,
/// plan, ask for approval, connect, take the deployment lock, make sure the engine's tables
/// exist, read the heads again and plan again if another run moved them, then run each step
/// through the step executor, reporting each as it commits. Scripts (-Script) go through the
/// same executor with a script sink, so they say what a live run does.
/// </summary>
public sealed class Migrator
{
    private readonly RevisionGraph graph;
    private readonly DatabaseTarget database;
    private readonly MigrationPlanner planner;
    private readonly SplitSections sections;

    public Migrator(RevisionGraph graph, DatabaseTarget database, IRevisionRunner? runner = null)
    {
        this.graph = graph;
        this.database = database;
        Runner = runner;
        planner = new MigrationPlanner(graph);
        sections = new SplitSections(database.Provider.Dialect);
    }

    public IRevisionRunner? Runner { get; }

    public DatabaseTarget Database => database;

    public RevisionGraph Graph => graph;

    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How many times a revision that gave up waiting for a table lock is tried again (with a growing pause); 0 gives up at once.</summary>
    public int LockWaitRetries { get; init; }

    /// <summary>A database for -Analyze's scratch work (a schema of its own there), for a role that may not create databases.</summary>
    public string? DevConnectionString { get; init; }

    /// <summary>One transaction per revision (the default), or one for the whole run.</summary>
    public TransactionScope TransactionScope { get; init; }

    private IMigrationProvider Provider => database.Provider;

    /// <summary>The engine's tables as a script names them: the configured schema, else the dialect's fixed one.</summary>
    private VersionTables ScriptTables => database.Tables with { Schema = database.Tables.Schema ?? Provider.Dialect.Script.FixedSchema };

    private VersionStore ScriptStore => new(Provider.Dialect, ScriptTables);

    private VersionStore StoreOf(DatabaseSession session) => new(Provider.Dialect, session.Tables);

    /// <summary>
    /// Heads and history, creating nothing: empty, with the reason, for a database that is not
    /// there yet; an error when it cannot be there (a SQLite file in a folder that does not exist).
    /// </summary>
    public DatabaseState ReadState(bool withHistory = true, CancellationToken cancellation = default) =>
        ReadState(withHistory, lastOfEachRevision: false, cancellation);

    /// <summary>One entry per revision, newest first: applied or not, current or not, when and by whom.</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(DatabaseState state) =>
        HistoryReport.Build(graph, state.Heads, state.History, database.Name);

    /// <summary>Where the database and the folder disagree: edited, missing or unknown revisions.</summary>
    public IReadOnlyList<MigrationDrift> Drift(DatabaseState state) =>
        DriftCheck.Find(graph, state.Heads, state.History, database.Name);

    /// <summary>The plan from the database's current heads (or from <paramref name="from"/>), without changing anything.</summary>
    public MigrationPlan Plan(MigrationTarget target, string? from = null, CancellationToken cancellation = default) =>
        Plan(target, from is null ? ReadState(withHistory: false, cancellation).Heads : StartingHeads(from));

    public MigrationPlan Plan(MigrationTarget target, IReadOnlyList<string> heads) => planner.Plan(target, heads);

    public MigrationPlan Plan(MigrationDirection direction, string target, IReadOnlyList<string> heads) => Plan(new MigrationTarget(direction, target), heads);

    /// <summary>The heads a '-From' target stands for, without reading the database.</summary>
    public IReadOnlyList<string> StartingHeads(string from) =>
        new RevisionTargetResolver(graph).ResolveRevisions(from, []).Select(r => r.Revision).ToArray();

    /// <summary>Upgrades or downgrades to the target, step by step, each step in its own transaction.</summary>
    public IReadOnlyList<MigrationStepResult> Run(MigrationDirection direction, string target, MigrationObserver? observer = null, CancellationToken cancellation = default) =>
        Run(new MigrationTarget(direction, target), observer, cancellation);

    /// <summary>Runs to the target (or reverts the revision), step by step, each step in its own transaction.</summary>
    public IReadOnlyList<MigrationStepResult> Run(MigrationTarget target, MigrationObserver? observer = null, CancellationToken cancellation = default)
    {
        observer ??= MigrationObserver.Quiet;
        var state = ReadStateForRun(cancellation);
        if (state.FailedRuns.FirstOrDefault() is { } failed)
        {
            throw new MigrationException(MigrationErrors.FailedRevisionPending,
                $"The {failed.Direction.ToString().ToLowerInvariant()} of revision {failed.Revision} ('{failed.Message}') {failed.Detail} It runs without a transaction, so the database may hold part of it. " +
                $"Check the database, finish or undo the part by hand, then record what is true: Repair-Migration -Revision {failed.Revision} -AssumeApplied, or -AssumeNotApplied.",
                failed.Revision) { Revision = failed.Revision, Database = database.Display };
        }

        foreach (var drift in DriftCheck.Find(graph, state.Heads, state.History))
        {
            observer.Warning(drift.Description + " Run Test-Migration for details.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = Plan(target, state.Heads);
        observer.Debug($"Planned {plan.Steps.Count} step(s) from {graph.Revisions.Count} revision(s) in {clock.Elapsed.TotalMilliseconds:0.0} ms.");
        observer.Planned(plan);
        if (plan.IsEmpty)
        {
            observer.Information(NothingToDo(target, plan));
            return [];
        }

        sections.Validate(plan.Steps);
        CheckScope(plan.Steps);
        if (NeedsAssessment(plan, observer))
        {
            using var live = DatabaseSession.OpenIfPresent(database, out _, cancellation);
            observer.Assessed(Preview(plan, live, analyze: false, withScript: false, observer, cancellation));
        }

        var steps = Approved(plan.Steps, observer);
        if (steps.Count == 0)
        {
            return [];
        }

        using var session = Connect(cancellation);
        var sessionExecutor = Executor(session, new LiveSink(session), observer);
        using var runLock = Lock(session, observer);
        EnsureTables(session);
        var heads = StoreOf(session).ReadHeads(session);
        if (!heads.SequenceEqual(plan.HeadsBefore.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            var approved = plan.Steps[0].Revision.Revision;
            plan = Plan(target, heads);
            observer.Replanned(plan);
            if (plan.IsEmpty)
            {
                observer.Information(NothingToDo(target, plan));
                return [];
            }

            sections.Validate(plan.Steps);
            CheckScope(plan.Steps);
            if (plan.Steps[0].Revision.Revision != approved && observer.ApproveStep(plan.Steps[0]) != StepApproval.Approve)
            {
                observer.NotConfirmed(plan.Steps[0]);
                return [];
            }

            steps = TransactionScope == TransactionScope.Run ? ApprovedAfterFirst(plan.Steps, observer) : plan.Steps;
        }

        if (TransactionScope == TransactionScope.Run)
        {
            return RunInOneTransaction(session, steps, plan.HeadsBefore, observer);
        }

        var results = new List<MigrationStepResult>(plan.Steps.Count);
        using var frame = sessionExecutor.HoldFrame();
        for (var index = 0; index < plan.Steps.Count; index++)
        {
            var step = plan.Steps[index];
            if (index > 0 && observer.ApproveStep(step) != StepApproval.Approve)
            {
                observer.NotConfirmed(step);
                break;
            }

            observer.StepStarting(step, index, plan.Steps.Count);
            var result = ExecuteRetryingLockWaits(sessionExecutor, step, observer, cancellation);
            results.Add(result);
            observer.StepCompleted(result);
        }

        return results;
    }

    /// <summary>
    /// Whether the run reads its plan for hazards before the first step. Where only data loss
    /// matters (nothing is shown and nobody is asked), a plan of .sql steps whose statements none
    /// of the data-loss rules could match is not assessed at all: most deploys only add things.
    /// A PowerShell revision's statements are not known before it runs (no section to split), so it adds nothing here.
    /// </summary>
    private bool NeedsAssessment(MigrationPlan plan, MigrationObserver observer) =>
        observer.WantsHazards &&
        (!observer.WantsOnlyDataLoss || plan.Steps.Any(step => sections.Of(step).Any(statement => Hazards.HazardRules.MayDestroyData(statement.Text))));

    /// <summary>
    /// Every step in one transaction: each one's statements and version rows as it goes, one
    /// commit at the end, the results reported once they are committed. A failure anywhere rolls
    /// back the whole run.
    /// </summary>
    private List<MigrationStepResult> RunInOneTransaction(DatabaseSession session, IReadOnlyList<MigrationStep> steps, IReadOnlyList<string> startedAt, MigrationObserver observer)
    {
        var executor = Executor(session, new LiveSink(session), observer, startedAt);
        var results = new List<MigrationStepResult>(steps.Count);
        try
        {
            executor.StartRun(steps[0]);
            session.Guarded("starting the run's transaction", () => session.Begin(forPowerShell: steps.Any(s => s.Revision.Format != RevisionKind.Sql)));
            for (var index = 0; index < steps.Count; index++)
            {
                observer.StepStarting(steps[index], index, steps.Count);
                results.Add(executor.Execute(steps[index]));
            }

            executor.FinishRun(steps[^1]);
        }
        catch
        {
            executor.AbandonRun();
            throw;
        }

        results.ForEach(observer.StepCompleted);
        return results;
    }

    /// <summary>A run in one transaction cannot hold a revision that must run outside one.</summary>
    private void CheckScope(IReadOnlyList<MigrationStep> steps)
    {
        if (TransactionScope == TransactionScope.Run && steps.FirstOrDefault(s => s.Revision.TransactionMode == TransactionMode.None) is { } outside)
        {
            throw new MigrationException(MigrationErrors.NonTransactionalInRun,
                $"Revision {outside.Revision.Revision} ('{outside.Revision.Message}', {outside.Revision.Path}) has 'Transaction: none', so it cannot run inside -TransactionScope Run's single transaction. " +
                "Run this plan with -TransactionScope Revision, or up to the revision before it first. Nothing ran.",
                outside.Revision.Path) { Revision = outside.Revision.Revision, FilePath = outside.Revision.Path };
        }
    }

    /// <summary>
    /// Runs a step; if it gave up waiting for a lock (and was rolled back whole), tries it again
    /// after 1, 2, 4 ... seconds, as many times as <see cref="LockWaitRetries"/> allows.
    /// </summary>
    private MigrationStepResult ExecuteRetryingLockWaits(StepExecutor executor, MigrationStep step, MigrationObserver observer, CancellationToken cancellation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return executor.Execute(step);
            }
            catch (MigrationException error) when (error.Error == MigrationErrors.LockWaitTimeout &&
                                                   attempt < LockWaitRetries && step.Revision.TransactionMode == TransactionMode.PerRevision)
            {
                var pause = TimeSpan.FromSeconds(Math.Pow(2, attempt));
                observer.Warning($"{error.Message} Trying revision {step.Revision.Revision} again in {pause.TotalSeconds:0} s ({attempt + 1} of {LockWaitRetries}).");
                if (cancellation.WaitHandle.WaitOne(pause))
                {
                    throw new MigrationException(MigrationErrors.Cancelled, $"Stopped while waiting to try revision {step.Revision.Revision} again; it was rolled back.", step.Revision.Path)
                        { Revision = step.Revision.Revision };
                }
            }
        }
    }

    /// <summary>
    /// Records an operator's decision about a revision whose run failed halfway: applied (the
    /// version rows move as if it had run) or not applied (they stay); either way a history row
    /// names who decided, and runs can go on.
    /// </summary>
    public MigrationRepair? Repair(string target, bool assumeApplied, MigrationObserver? observer = null, CancellationToken cancellation = default)
    {
        observer ??= MigrationObserver.Quiet;
        var revision = new RevisionTargetResolver(graph).ResolveRevisions(target, []) switch
        {
            [var single] => single,
            var several => throw new MigrationException(MigrationErrors.InvalidArgument, $"-Revision '{target}' names {several.Count} revisions; name the one that failed.", target),
        };

        var state = ReadStateForRun(cancellation);
        var failed = state.FailedRuns.FirstOrDefault(r => r.Revision == revision.Revision)
                     ?? throw new MigrationException(MigrationErrors.NothingToRepair,
                         $"Revision {revision.Revision} ('{revision.Message}') has no failed run to repair" +
                         (state.FailedRuns.Count == 0 ? "; no revision waits for a repair." : $"; the revisions waiting for one are {string.Join(", ", state.FailedRuns.Select(r => r.Revision))}."),
                         revision.Path) { Revision = revision.Revision };
        var repair = Decide(revision, failed.Way, state.Heads, assumeApplied);
        if (observer.ApproveRepair(repair) != StepApproval.Approve)
        {
            return null;
        }

        using var session = Connect(cancellation);
        using var runLock = Lock(session, observer);
        EnsureTables(session);
        var store = StoreOf(session);
        repair = Decide(revision, failed.Way, store.ReadHeads(session), assumeApplied);
        var added = MigrationHeads.Missing(repair.HeadsAfter, repair.HeadsBefore);
        var removed = MigrationHeads.Missing(repair.HeadsBefore, repair.HeadsAfter);
        var sink = new LiveSink(session);
        session.Guarded("recording the repair", () =>
        {
            sink.Begin();
            sink.Bookkeep(store.StepRows(removed, added, store.HistoryInsert(revision.Revision, failed.Way, revision.Message, revision.Checksum,
                DateTimeOffset.UtcNow, TimeSpan.Zero, Environment.UserName, Environment.MachineName, HistoryRecord.Repaired,
                $"{repair.Decision} by {Environment.UserName} on {Environment.MachineName} after: {failed.Detail}")));
            sink.Commit();
        });
        return repair;
    }

    private MigrationRepair Decide(MigrationRevision revision, MigrationDirection direction, IReadOnlyList<string> heads, bool assumeApplied)
    {
        var after = assumeApplied ? planner.HeadsAfter(heads, revision, direction) : heads;
        var decision = (assumeApplied, direction) switch
        {
            (true, MigrationDirection.Upgrade) => "assumed applied",
            (true, _) => "assumed reverted",
            (false, MigrationDirection.Upgrade) => "assumed not applied",
            _ => "assumed not reverted",
        };
        return new MigrationRepair(revision.Revision, decision, direction.ToString(), heads.ToArray(), after.ToArray()) { Database = database.Name };
    }

    /// <summary>Records the target as current without running any revision (Alembic's stamp).</summary>
    public MigrationVersionChange? Stamp(string target, bool purge, MigrationObserver? observer = null, CancellationToken cancellation = default)
    {
        observer ??= MigrationObserver.Quiet;
        var before = ReadState(withHistory: false, cancellation).Heads;
        var change = new MigrationVersionChange(before.ToArray(), planner.PlanStamp(target, before, purge).ToArray()) { Database = database.Name };
        var approval = observer.ApproveStamp(change);
        if (approval != StepApproval.Approve)
        {
            return null;
        }

        using var session = Connect(cancellation);
        using var runLock = Lock(session, observer);
        EnsureTables(session);
        var current = StoreOf(session).ReadHeads(session);
        if (!current.SequenceEqual(before, StringComparer.Ordinal))
        {
            change = new MigrationVersionChange(current.ToArray(), planner.PlanStamp(target, current, purge).ToArray()) { Database = database.Name };
        }

        var sink = new LiveSink(session);
        session.Guarded("recording the stamp", () =>
        {
            sink.Begin();
            sink.Bookkeep(StampStatements(StoreOf(session), change, DateTimeOffset.UtcNow, Environment.UserName, Environment.MachineName));
            sink.Commit();
        });
        return change;
    }

    /// <summary>
    /// The plan as an offline script, block by block: a header with the engine's tables, then
    /// one block per step, each framed exactly as a live run frames it.
    /// </summary>
    public IEnumerable<string> Script(MigrationDirection direction, string target, string? from, MigrationObserver? observer = null, CancellationToken cancellation = default) =>
        Script(new MigrationTarget(direction, target), from, observer, cancellation);

    public IEnumerable<string> Script(MigrationTarget target, string? from, MigrationObserver? observer = null, CancellationToken cancellation = default)
    {
        observer ??= MigrationObserver.Quiet;
        using var seed = from is null ? DatabaseSession.OpenIfPresent(database, out _, cancellation) : null;
        var heads = from is null ? (seed is null ? [] : ReadState(seed, withHistory: false).Heads) : StartingHeads(from);
        var plan = Plan(target, heads);
        using var catalog = Provider.CreateOfflineCatalog(seed?.Connection);
        var sink = new ScriptSink(Provider.Dialect, catalog, restoreSchema: ScriptTables.Schema is null);
        var inOne = TransactionScope == TransactionScope.Run && plan.Steps.Count > 0;
        var executor = Executor(null, sink, observer, inOne ? plan.HeadsBefore : null);
        sections.Validate(plan.Steps);
        CheckScope(plan.Steps);

        Header(sink, $"{plan.Direction.ToString().ToLowerInvariant()} to '{plan.Target}' from {MigrationHeads.Describe(plan.HeadsBefore)}; {plan.Steps.Count} revision(s)" +
                     (inOne ? "; all in one transaction (-TransactionScope Run)" : string.Empty));
        if (inOne)
        {
            executor.StartRun(plan.Steps[0]);
            sink.Begin();
        }

        yield return sink.TakeBlock();
        foreach (var step in plan.Steps)
        {
            executor.Execute(step);
            yield return sink.TakeBlock();
        }

        if (inOne)
        {
            executor.FinishRun(plan.Steps[^1]);
            yield return sink.TakeBlock();
        }
    }

    /// <summary>A stamp as an offline script.</summary>
    public string StampScript(string target, bool purge, string? from, CancellationToken cancellation = default)
    {
        var before = from is null ? ReadState(withHistory: false, cancellation).Heads : StartingHeads(from);
        var change = new MigrationVersionChange(before.ToArray(), planner.PlanStamp(target, before, purge).ToArray()) { Database = database.Name };
        using var catalog = new NoOfflineCatalog();
        var sink = new ScriptSink(Provider.Dialect, catalog, restoreSchema: ScriptTables.Schema is null);
        Header(sink, $"stamp from {MigrationHeads.Describe(change.HeadsBefore)} to {MigrationHeads.Describe(change.HeadsAfter)}; no revision is run");
        sink.Begin();
        sink.Bookkeep(StampStatements(ScriptStore, change, null, null, null));
        sink.Commit();
        return sink.TakeBlock();
    }

    /// <summary>
    /// Each step of the plan with the statements it would send and its hazards (row counts from
    /// the live database; with <paramref name="analyze"/>, locks and rewrites measured in a
    /// scratch database). Nothing in the database changes.
    /// </summary>
    public IReadOnlyList<PlannedMigrationStep> Preview(MigrationTarget target, string? from = null, bool analyze = false, MigrationObserver? observer = null,
        CancellationToken cancellation = default)
    {
        observer ??= MigrationObserver.Quiet;
        using var live = DatabaseSession.OpenIfPresent(database, out _, cancellation);
        var heads = from is null ? (live is null ? [] : ReadState(live, withHistory: false).Heads) : StartingHeads(from);
        var plan = Plan(target, heads);
        sections.Validate(plan.Steps);
        return Preview(plan, live, analyze, withScript: true, observer, cancellation);
    }

    private IReadOnlyList<PlannedMigrationStep> Preview(MigrationPlan plan, DatabaseSession? live, bool analyze, bool withScript, MigrationObserver observer, CancellationToken cancellation) =>
        new PlanHazards(graph, database, Runner, sections) { DevConnectionString = DevConnectionString }.Assess(plan, Render(plan, live, observer, withScript), live, analyze, observer, cancellation);

    /// <summary>
    /// Each step through the executor into a script sink, as -Script renders it, keeping each
    /// statement with its file line. A run that assesses its plan before asking (-WhatIf, the
    /// data-loss check) writes no script and runs no PowerShell revision (running one unasked
    /// could have effects of its own): a .sql step's statements are its file's, as split, and a
    /// .ps1 step's are not known before it runs.
    /// </summary>
    private List<RenderedStep> Render(MigrationPlan plan, DatabaseSession? live, MigrationObserver observer, bool withScript)
    {
        if (!withScript)
        {
            return plan.Steps.Select(step => new RenderedStep(step, sections.Of(step)
                .Where(s => !s.IsClientCommand)
                .Select(s => new PlannedStatement(s.Text, step.Revision.Path, s.Line) { CopyData = s.CopyData })
                .ToList(), string.Empty)).ToList();
        }

        using var catalog = Provider.CreateOfflineCatalog(live?.Connection);
        var sink = new ScriptSink(Provider.Dialect, catalog, restoreSchema: ScriptTables.Schema is null);
        var statements = new List<PlannedStatement>();
        var quiet = new RenderingObserver(observer);
        var executor = Executor(null, sink, quiet, capture: statements.Add);
        var rendered = new List<RenderedStep>(plan.Steps.Count);
        foreach (var step in plan.Steps)
        {
            try
            {
                executor.Execute(step);
            }
            catch (MigrationException error) when (error.Error == MigrationErrors.OfflineQuery)
            {
                observer.Warning($"{step} reads from the database, which a plan cannot do without running it; its statements after that point are not shown or assessed. {error.Message}");
            }

            rendered.Add(new RenderedStep(step, statements.ToList(), sink.TakeBlock()));
            statements.Clear();
        }

        return rendered;
    }

    /// <summary>Rendering a plan is not running it: the template warning and statement log stay for the real run.</summary>
    private sealed class RenderingObserver(MigrationObserver inner) : MigrationObserver
    {
        public override bool WantsStatements => false;

        public override void Warning(string message)
        {
        }

        public override void Debug(string message) => inner.Debug(message);
    }

    /// <summary>
    /// The version rows a stamp changes, and a history row for every revision it marks applied
    /// (an upgrade row with the file's checksum, so drift is still seen afterwards) or no
    /// longer applied (a downgrade row).
    /// </summary>
    private IReadOnlyList<BookkeepingStatement> StampStatements(VersionStore store, MigrationVersionChange change, DateTimeOffset? at, string? user, string? host)
    {
        var added = MigrationHeads.Missing(change.HeadsAfter, change.HeadsBefore);
        var removed = MigrationHeads.Missing(change.HeadsBefore, change.HeadsAfter);
        var before = graph.AppliedAt(change.HeadsBefore);
        var after = graph.AppliedAt(change.HeadsAfter);
        var reverted = graph.InGraphOrder(before.Except(after));
        reverted.Reverse();
        var duration = at is null ? (TimeSpan?)null : TimeSpan.Zero;
        return store.HeadChanges(removed, added)
            .Concat(reverted.Select(r => store.HistoryInsert(r.Revision, MigrationDirection.Downgrade, StampMessage(r), r.Checksum, at, duration, user, host)))
            .Concat(graph.InGraphOrder(after.Except(before)).Select(r => store.HistoryInsert(r.Revision, MigrationDirection.Upgrade, StampMessage(r), r.Checksum, at, duration, user, host)))
            .ToList();
    }

    private static string StampMessage(MigrationRevision revision) => $"stamp: {revision.Message}";

    private void Header(ScriptSink sink, string description)
    {
        sink.Comment($"PSMigrate {description}");
        sink.Comment($"generated {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        sink.Line(string.Empty);
        foreach (var line in Provider.Dialect.Script.Preamble)
        {
            sink.Line(line);
        }

        if (ScriptTables.Schema is null)
        {
            foreach (var line in Provider.Dialect.Script.RememberSchema)
            {
                sink.Line(line);
            }
        }

        foreach (var statement in Provider.Dialect.SessionSetup(database.Settings.Session))
        {
            sink.ExecuteFrame(statement.TrimEnd(';'));
        }

        foreach (var statement in ScriptStore.CreateTables())
        {
            sink.ExecuteFrame(statement.TrimEnd(';'));
        }
    }

    private static string NothingToDo(MigrationTarget target, MigrationPlan plan) => target.RevertsOnlyThis
        ? $"Nothing to do: revision {target.Text} is not applied (the database is at {MigrationHeads.Describe(plan.HeadsBefore)})."
        : $"Nothing to do: the database is already at '{plan.Target}' ({MigrationHeads.Describe(plan.HeadsBefore)}).";

    /// <summary>
    /// Asks for the first step before connecting, so a 'No' or -WhatIf creates nothing (not even
    /// a SQLite file); with -WhatIf every step is previewed.
    /// </summary>
    /// <remarks>
    /// With -TransactionScope Run every step is asked before the transaction starts, and the run
    /// is the steps approved before the first 'No'; otherwise later steps are asked as they come.
    /// Returns the steps to run (none when the first is declined or only previewed).
    /// </remarks>
    private IReadOnlyList<MigrationStep> Approved(IReadOnlyList<MigrationStep> steps, MigrationObserver observer)
    {
        var approval = observer.ApproveStep(steps[0]);
        if (approval == StepApproval.Preview)
        {
            foreach (var step in steps.Skip(1))
            {
                observer.ApproveStep(step);
            }

            return [];
        }

        if (approval == StepApproval.Decline)
        {
            observer.NotConfirmed(steps[0]);
            return [];
        }

        return TransactionScope == TransactionScope.Run ? ApprovedAfterFirst(steps, observer) : steps;
    }

    /// <summary>The steps after the (approved) first, asked in turn up to the first 'No'.</summary>
    private static IReadOnlyList<MigrationStep> ApprovedAfterFirst(IReadOnlyList<MigrationStep> steps, MigrationObserver observer)
    {
        for (var index = 1; index < steps.Count; index++)
        {
            if (observer.ApproveStep(steps[index]) != StepApproval.Approve)
            {
                observer.NotConfirmed(steps[index]);
                return steps.Take(index).ToList();
            }
        }

        return steps;
    }

    private StepExecutor Executor(DatabaseSession? session, IStatementSink sink, MigrationObserver observer, IReadOnlyList<string>? runStartedAt = null,
        Action<PlannedStatement>? capture = null) =>
        new(Provider, session is null ? ScriptStore : StoreOf(session), sink, session, sections)
        {
            Runner = Runner,
            Log = observer.WantsStatements ? observer.Statement : null,
            Database = database.Name,
            Warn = observer.Warning,
            RunStartedAt = runStartedAt,
            Capture = capture,
            SessionRestore = Provider.Dialect.SessionRestore(database.Settings.Session),
        };

    private DatabaseSession Connect(CancellationToken cancellation) => DatabaseSession.Open(database, cancellation);

    private IDisposable Lock(DatabaseSession session, MigrationObserver observer) =>
        session.Guarded("taking the deployment lock", () =>
            Provider.AcquireRunLock(session.Connection, database.ConnectionString, session.Tables, LockTimeout, observer.Waiting, session.Cancellation));

    /// <summary>Creates the engine's tables when missing, and adds the history columns a table made by an earlier PSMigrate lacks.</summary>
    private void EnsureTables(DatabaseSession session)
    {
        var store = StoreOf(session);
        if (store.TablesExist(session))
        {
            var upgrade = store.UpgradeHistory(store.HistoryColumns(session));
            if (upgrade.Count > 0)
            {
                session.Guarded("adding the history table's new columns", () =>
                {
                    foreach (var statement in upgrade)
                    {
                        session.Execute(statement);
                    }
                });
            }

            return;
        }

        session.Guarded("creating the engine's tables", () =>
        {
            session.Begin();
            foreach (var statement in store.CreateTables())
            {
                session.Execute(statement);
            }

            session.Commit();
        });
    }

    private DatabaseState ReadState(DatabaseSession session, bool withHistory, bool lastOfEachRevision = false)
    {
        var store = StoreOf(session);
        if (!store.TablesExist(session))
        {
            return new DatabaseState(true, [], []);
        }

        return new DatabaseState(true, store.ReadHeads(session),
            withHistory ? store.ReadHistory(session, database.Name, lastOfEachRevision) : []);
    }

    /// <summary>Heads and each revision's newest history row: what a run or a repair checks (drift, failed runs) before it plans.</summary>
    private DatabaseState ReadStateForRun(CancellationToken cancellation) => ReadState(withHistory: true, lastOfEachRevision: true, cancellation);

    private DatabaseState ReadState(bool withHistory, bool lastOfEachRevision, CancellationToken cancellation)
    {
        using var session = DatabaseSession.OpenIfPresent(database, out var absence, cancellation);
        return session is null ? new DatabaseState(false, [], []) { Absence = absence } : ReadState(session, withHistory, lastOfEachRevision);
    }
}
