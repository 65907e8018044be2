using System.Diagnostics;
using System.Runtime.CompilerServices;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Frames one step the same way for every sink: the dialect's frame, the transaction, the
/// revision's statements (a .sql section, or a .ps1 revision's operations), the check before
/// commit, the version and history rows, commit. A failure rolls the step back and becomes
/// one error that names the revision, the file, the line and what was rolled back.
/// </summary>
internal sealed class StepExecutor
{
    private readonly IMigrationProvider provider;
    private readonly VersionStore store;
    private readonly IStatementSink sink;
    private readonly DatabaseSession? session;
    private readonly SplitSections sections;

    /// <summary>While <see cref="HoldFrame"/>'s settings are in force: the part of the frame each revision still runs (its check before commit).</summary>
    private RevisionFrame? heldFrame;

    public StepExecutor(IMigrationProvider provider, VersionStore store, IStatementSink sink, DatabaseSession? session, SplitSections sections)
    {
        this.provider = provider;
        this.store = store;
        this.sink = sink;
        this.session = session;
        this.sections = sections;
    }

    public IRevisionRunner? Runner { get; init; }

    /// <summary>Called with each statement just before it runs (or is written); hosts show it as verbose output.</summary>
    public Action<string>? Log { get; init; }

    public Action<string>? Warn { get; init; }

    /// <summary>The dialect's statements that put the session's limits back, run after a revision that may have changed them.</summary>
    public IReadOnlyList<string> SessionRestore { get; init; } = [];

    /// <summary>Called with each revision statement as it is sent (or written), with its file line: a plan's Statements.</summary>
    public Action<PlannedStatement>? Capture { get; init; }

    /// <summary>The database's name, carried by every result.</summary>
    public string? Database { get; init; }

    public string User { get; init; } = Environment.UserName;

    public string Host { get; init; } = Environment.MachineName;

    /// <summary>
    /// Set when the whole run is one transaction (-TransactionScope Run): steps neither begin nor
    /// commit, the frame is the run's, and a failure rolls back to these heads.
    /// </summary>
    public IReadOnlyList<string>? RunStartedAt { get; init; }

    private bool InRunTransaction => RunStartedAt is not null;

    private ISqlDialect Dialect => provider.Dialect;

    public static void RefuseTransactionControl(IEnumerable<SqlStatement> statements, string path)
    {
        foreach (var statement in statements.Where(s => !s.IsClientCommand && s.CopyData is null))
        {
            if (TransactionControl.Find(statement.Text) is { } found)
            {
                throw new MigrationException(MigrationErrors.TransactionControl, $"{path}:{statement.Line}: {TransactionControl.Explain(found)} Nothing ran.", path)
                    { FilePath = path, Line = statement.Line };
            }
        }
    }

    // Runs once per revision and only calls out, so optimizing it saves microseconds; its tier-1
    // compile, every hot callee inlined, was the largest of a run, and the JIT keeps that scratch
    // memory until a garbage collection a short run never has (docs/benchmarks.md, run 21).
    [MethodImpl(MethodImplOptions.NoOptimization)]
    public MigrationStepResult Execute(MigrationStep step)
    {
        var revision = step.Revision;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var transactional = revision.TransactionMode == TransactionMode.PerRevision;
        var frame = WithSessionKept(step, InRunTransaction ? RevisionFrame.None : FrameOf(transactional));
        var run = new RevisionRun(this, step);

        if (sink.IsOffline)
        {
            sink.Comment($"{step.Direction} {revision.Revision}: {revision.Message}");
            sink.Comment($"from {revision.Path}");
            if (!transactional)
            {
                sink.Comment("Transaction: none (this revision runs outside a transaction)");
            }
        }

        try
        {
            Engine("preparing", (sink, frame.BeforeTransaction), ExecuteEach, run);
            if (transactional && !InRunTransaction)
            {
                Engine("starting the transaction of", (sink, revision.Format != RevisionKind.Sql), static s => s.Item1.Begin(forPowerShell: s.Item2), run);
            }

            if (CanBatch(step, transactional, frame))
            {
                if (InRunTransaction)
                {
                    // One round trip for the statements, one for the version rows; one commit for the run.
                    run.SendWithBookkeeping(Statements(step), []);
                }
                else
                {
                    // Statements and version rows in one round trip, then the commit: two in all.
                    run.SendWithBookkeeping(Statements(step), store.StepRows(step.RemovedHeads, step.AddedHeads,
                        store.HistoryInsertTimedByServer(revision.Revision, step.Direction, revision.Message, revision.Checksum, User, Host)));
                    WarnIfEmpty(run);
                    Engine("committing", sink, Commit, run);
                    return Finished(run, frame, startedAt, clock);
                }
            }
            else
            {
                RunBody(run);
            }

            if (!transactional)
            {
                Engine("starting the transaction of", sink, static s => s.Begin(), run);
            }

            WarnIfEmpty(run);
            CheckBeforeCommit(run, frame);
            var bookkeeping = store.StepRows(step.RemovedHeads, step.AddedHeads,
                store.HistoryInsert(revision.Revision, step.Direction, revision.Message, revision.Checksum,
                    sink.IsOffline ? null : startedAt, sink.IsOffline ? null : clock.Elapsed,
                    sink.IsOffline ? null : User, sink.IsOffline ? null : Host));
            Engine("recording", (sink, bookkeeping), static s => s.sink.Bookkeep(s.bookkeeping), run);
            if (!InRunTransaction)
            {
                Engine("committing", sink, Commit, run);
            }
        }
        catch (Exception error) when (InRunTransaction)
        {
            // The run's transaction is the caller's to roll back, with the rest of the run.
            if (error is MigrationException { Error.Name: nameof(MigrationErrors.LockWaitTimeout) } lockWait && session is { IsBroken: false })
            {
                throw LockHoldersAdded(lockWait);
            }

            throw;
        }
        catch (Exception error)
        {
            sink.Rollback();
            Restore(frame);
            if (!transactional && run.Completed > 0)
            {
                RecordFailure(run, error, startedAt, clock.Elapsed);
            }

            if (error is MigrationException { Error.Name: nameof(MigrationErrors.LockWaitTimeout) } lockWait && session is { IsBroken: false })
            {
                throw LockHoldersAdded(lockWait);
            }

            throw;
        }

        return Finished(run, frame, startedAt, clock);
    }

    /// <summary>
    /// For a live run of revisions each in its own transaction: the dialect's settings made once
    /// before the first and undone after the last (or the failure), not around every revision;
    /// each revision still gets its own check before commit. Nothing else uses the session in
    /// between, so every revision runs under the same settings as when framed one by one.
    /// </summary>
    public IDisposable HoldFrame()
    {
        if (InRunTransaction || session is null || Dialect.Frame.BeforeTransaction.Count == 0)
        {
            return new FrameRelease(null);
        }

        session.Guarded("preparing the run", () => ExecuteEach((sink, Dialect.Frame.BeforeTransaction)));
        heldFrame = Dialect.Frame with { BeforeTransaction = [], AfterTransaction = [] };
        return new FrameRelease(this);
    }

    /// <summary>
    /// One revision's frame: the dialect's, or while the run holds it only the check before
    /// commit. Outside a transaction a revision can undo the held settings (SQLite takes its
    /// foreign_keys pragma only there), so such a revision ends by setting them again.
    /// </summary>
    private RevisionFrame FrameOf(bool transactional) =>
        heldFrame is null ? Dialect.Frame
        : transactional ? heldFrame
        : heldFrame with { AfterTransaction = Dialect.Frame.BeforeTransaction };

    /// <summary>
    /// The frame, ending with the session's limits put back when the revision may change them: a
    /// PowerShell revision can run anything, a .sql one is read for the settings' names.
    /// </summary>
    private RevisionFrame WithSessionKept(MigrationStep step, RevisionFrame frame) =>
        SessionRestore.Count > 0 && (step.Revision.Format != RevisionKind.Sql || Statements(step).Any(s => Dialect.MayChangeSession(s.Text)))
            ? frame with { AfterTransaction = [.. frame.AfterTransaction, .. SessionRestore] }
            : frame;

    /// <summary>For a run in one transaction: the dialect's frame before its first step.</summary>
    public void StartRun(MigrationStep first) =>
        Engine("preparing the run for", (sink, Dialect.Frame.BeforeTransaction), ExecuteEach, new RevisionRun(this, first));

    /// <summary>For a run in one transaction: the dialect's check, then the commit of every step at once, then the frame's end.</summary>
    public void FinishRun(MigrationStep last)
    {
        var run = new RevisionRun(this, last);
        CheckBeforeCommit(run, Dialect.Frame);
        Engine("committing the run at", sink, Commit, run);
        Engine("finishing the run at", (sink, Dialect.Frame.AfterTransaction), ExecuteEach, run);
    }

    /// <summary>For a run in one transaction that failed: everything rolled back, the frame's end restored.</summary>
    public void AbandonRun()
    {
        sink.Rollback();
        Restore(Dialect.Frame);
    }

    private MigrationStepResult Finished(RevisionRun run, RevisionFrame frame, DateTimeOffset startedAt, Stopwatch clock)
    {
        var step = run.Step;
        Engine("finishing", (sink, frame.AfterTransaction), ExecuteEach, run);
        return new MigrationStepResult(
            step.Revision.Revision, step.Revision.Message, step.Direction.ToString(), startedAt, clock.Elapsed, run.StatementCount,
            step.Revision.Path, step.HeadsAfter.ToArray()) { Database = Database };
    }

    /// <summary>A plain .sql revision in its own transaction can go as one batch where the driver has batches and no frame needs a say.</summary>
    private bool CanBatch(MigrationStep step, bool transactional, RevisionFrame frame) =>
        transactional && sink.CanBatch && Dialect.TransactionClock is not null && step.Revision.Format == RevisionKind.Sql &&
        frame.BeforeTransaction.Count == 0 && frame.CommitCheck is null &&
        Statements(step).All(s => !s.IsClientCommand && s.CopyData is null && s.Repeat == 1);

    /// <summary>A revision that ran nothing but is not a merge is most likely the unedited template.</summary>
    private void WarnIfEmpty(RevisionRun run)
    {
        var revision = run.Step.Revision;
        if (run.StatementCount == 0 && revision.DownRevision.Count <= 1)
        {
            var section = run.Step.Direction == MigrationDirection.Upgrade ? "upgrade" : "downgrade";
            Warn?.Invoke($"Revision {revision.Revision} ('{revision.Message}') has nothing in its {section} section ({revision.Path}), " +
                         "so only the version rows move. Is the file still the template?");
        }
    }

    private void RunBody(RevisionRun run)
    {
        var step = run.Step;
        if (step.Revision.Format == RevisionKind.Sql)
        {
            foreach (var statement in Statements(step))
            {
                run.Statement(statement);
            }

            return;
        }

        var runner = Runner ?? throw new MigrationException(MigrationErrors.NoRevisionRunner,
            $"Revision {step.Revision.Revision} ({step.Revision.Path}) is a PowerShell revision; run it through the PSMigrate module.", step.Revision.Path)
            { Revision = step.Revision.Revision, FilePath = step.Revision.Path };
        var operations = new SchemaOperations(run);
        try
        {
            runner.Run(step.Revision, step.Direction, operations);
            operations.Flush();
        }
        catch (MigrationException error)
        {
            throw run.InRevision(error);
        }
    }

    private void CheckBeforeCommit(RevisionRun run, RevisionFrame frame)
    {
        if (frame.CommitCheck is null)
        {
            return;
        }

        if (sink.IsOffline)
        {
            sink.ExecuteFrame(frame.CommitCheckScript!);
            return;
        }

        var violations = Engine("checking foreign keys of", (sink, frame.CommitCheck), static s => s.sink.Query(s.CommitCheck), run);
        if (violations.Count > 0)
        {
            var shown = violations.Take(5).Select(v => $"table '{v.GetValueOrDefault("table")}' rowid {v.GetValueOrDefault("rowid")} -> '{v.GetValueOrDefault("parent")}'");
            throw run.Failed(MigrationErrors.ForeignKeyViolation,
                $"left {violations.Count} row(s) that break a foreign key: {string.Join("; ", shown)}{(violations.Count > 5 ? "; ..." : string.Empty)}.",
                line: null);
        }
    }

    /// <summary>
    /// A revision without a transaction that failed after some of its statements ran leaves a
    /// 'failed' history row (which line, how many statements ran, the error), so the next run
    /// stops and asks for Repair-Migration instead of running the first statements again.
    /// </summary>
    private void RecordFailure(RevisionRun run, Exception error, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        if (session is null || session.IsBroken || sink.IsOffline)
        {
            return;
        }

        var revision = run.Step.Revision;
        var total = revision.Format == RevisionKind.Sql ? Statements(run.Step).Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        var line = (error as MigrationException)?.Line;
        var message = error.Message.Length > 4000 ? error.Message[..4000] : error.Message;
        var detail = $"failed{(line is null ? string.Empty : $" at line {line}")} after {run.Completed} of {total} statement(s) ran: {message}";
        try
        {
            session.Begin();
            session.Execute(store.HistoryInsert(revision.Revision, run.Step.Direction, revision.Message, revision.Checksum,
                startedAt, elapsed, User, Host, HistoryRecord.Failed, detail).Sql);
            session.Commit();
        }
        catch (Exception failure) when (DatabaseSession.IsDriverError(failure))
        {
            session.Rollback();
        }
    }

    /// <summary>A revision that gave up waiting for a lock: who holds locks now, asked once its own transaction is gone.</summary>
    private MigrationException LockHoldersAdded(MigrationException error)
    {
        try
        {
            return provider.DescribeLockHolders(session!.Connection) is { } holders ? error.WithContext(message: $"{error.Message} {holders}") : error;
        }
        catch (Exception failure) when (DatabaseSession.IsDriverError(failure))
        {
            return error;
        }
    }

    private sealed class FrameRelease(StepExecutor? executor) : IDisposable
    {
        public void Dispose()
        {
            if (executor is { heldFrame: not null })
            {
                executor.heldFrame = null;
                executor.Restore(executor.Dialect.Frame);
            }
        }
    }

    /// <summary>Undoes the frame's settings after a failure, quietly (the connection may be gone).</summary>
    private void Restore(RevisionFrame frame)
    {
        foreach (var statement in frame.AfterTransaction)
        {
            try
            {
                if (session is null || !session.IsBroken)
                {
                    sink.ExecuteFrame(statement);
                }
            }
            catch (Exception error) when (DatabaseSession.IsDriverError(error))
            {
            }
        }
    }

    private static readonly Action<IStatementSink> Commit = static sink => sink.Commit();

    private static readonly Action<(IStatementSink Sink, IReadOnlyList<string> Statements)> ExecuteEach = static frame =>
    {
        for (var i = 0; i < frame.Statements.Count; i++)
        {
            frame.Sink.ExecuteFrame(frame.Statements[i]);
        }
    };

    // The work and what it works on come apart (a static callback, its state) so a revision's
    // half-dozen engine calls allocate no closures: every byte a run allocates stays resident
    // until a collection, which a short run never has (docs/benchmarks.md).
    private void Engine<TState>(string doing, TState state, Action<TState> work, RevisionRun run) =>
        Engine(doing, (work, state), static call => { call.work(call.state); return 0; }, run);

    /// <summary>Engine work inside a step: a driver failure names the step and what was rolled back.</summary>
    private TResult Engine<TState, TResult>(string doing, TState state, Func<TState, TResult> work, RevisionRun run)
    {
        try
        {
            return work(state);
        }
        catch (ConcurrentChangeException error)
        {
            throw ConcurrentChange(error, run);
        }
        catch (Exception error) when (session is not null && DatabaseSession.IsDriverError(error))
        {
            throw StepFailure(error, doing, run);
        }
    }

    private MigrationException ConcurrentChange(ConcurrentChangeException error, RevisionRun run) =>
        new(MigrationErrors.ConcurrentChange,
            $"The version table changed while this run was working on {run.Describe()}: {error.Message} Another deployment may be migrating the same database; run again to plan from where it is now. {run.Outcome(null)}",
            session?.Database.Display, error) { Revision = run.Step.Revision.Revision, Database = session?.Database.Display };

    private MigrationException StepFailure(Exception error, string doing, RevisionRun run) =>
        session!.Translate(error, $"{char.ToUpperInvariant(doing[0])}{doing[1..]} {run.Describe()} failed", outcome: run.Outcome(null))
            .WithContext(revision: run.Step.Revision.Revision, filePath: run.Step.Revision.Path);

    private IReadOnlyList<SqlStatement> Statements(MigrationStep step) => sections.Of(step);

    /// <summary>One step while it runs: the statements it sent and how a failure in it reads.</summary>
    internal sealed class RevisionRun(StepExecutor executor, MigrationStep step)
    {
        public MigrationStep Step => step;

        public IStatementSink Sink => executor.sink;

        public IMigrationProvider Provider => executor.provider;

        public DatabaseSession? Session => executor.session;

        public int StatementCount { get; private set; }

        /// <summary>Statements that ran to their end.</summary>
        public int Completed { get; private set; }

        private MigrationRevision Revision => step.Revision;

        public void Log(string text) => executor.Log?.Invoke($"{Revision.Revision}: {text}");

        /// <summary>
        /// The revision's statements and its version rows as one batch. A statement's failure
        /// names its line as a statement sent alone would; a version row that changed no row means
        /// another run moved the database.
        /// </summary>
        public void SendWithBookkeeping(IReadOnlyList<SqlStatement> statements, IReadOnlyList<BookkeepingStatement> bookkeeping)
        {
            foreach (var statement in statements)
            {
                StatementCount++;
                executor.Log?.Invoke($"{Revision.Revision} line {statement.Line}: {StatementRedaction.Redact(statement.Text)}");
                executor.Capture?.Invoke(new PlannedStatement(statement.Text, Revision.Path, statement.Line));
            }

            IReadOnlyList<int> changed;
            try
            {
                changed = Sink.ExecuteBatch(statements.Select(s => s.Text).Concat(bookkeeping.Select(b => b.Sql)).ToList());
            }
            catch (BatchCommandFailedException failed) when (failed.Index < statements.Count)
            {
                Completed = failed.Index;
                var statement = statements[failed.Index];
                throw StatementFailed(failed.InnerException!, statement.Text, statement.Line, statement, null);
            }
            catch (BatchCommandFailedException failed)
            {
                Completed = statements.Count;
                throw executor.session!.Translate(failed.InnerException!, $"Recording {Describe()} failed", outcome: Outcome(null))
                    .WithContext(revision: Revision.Revision, filePath: Revision.Path);
            }
            catch (Exception error) when (executor.session is not null && DatabaseSession.IsDriverError(error))
            {
                throw StatementFailed(error, statements.Count > 0 ? statements[0].Text : bookkeeping[0].Sql, statements.Count > 0 ? statements[0].Line : null, null, null);
            }

            Completed = statements.Count;
            for (var i = 0; i < bookkeeping.Count; i++)
            {
                if (bookkeeping[i].ExpectedRows is { } expected && changed[statements.Count + i] != expected)
                {
                    throw new MigrationException(MigrationErrors.ConcurrentChange,
                        $"The version table changed while this run was working on {Describe()}: '{bookkeeping[i].Sql}' changed {changed[statements.Count + i]} row(s) where {expected} was expected. " +
                        $"Another deployment may be migrating the same database; run again to plan from where it is now. {Outcome(null)}",
                        executor.session?.Database.Display) { Revision = Revision.Revision, Database = executor.session?.Database.Display };
                }
            }
        }

        /// <summary>A statement as the splitter cut it: SQL, COPY with its data, or a client command that is only noted.</summary>
        public void Statement(SqlStatement statement)
        {
            if (statement.IsClientCommand)
            {
                Log($"line {statement.Line}: skipped '{statement.Text}', a psql safety marker, not SQL.");
                Sink.Comment($"skipped (psql only): {statement.Text}");
            }
            else if (statement.CopyData is { } data)
            {
                Copy(statement, data);
            }
            else
            {
                Statement(statement.Text, statement.Repeat, statement.Line, statement);
            }
        }

        private void Copy(SqlStatement statement, string data)
        {
            StatementCount++;
            var rows = data.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            executor.Log?.Invoke($"{Revision.Revision} line {statement.Line}: {StatementRedaction.Redact(statement.Text)} ({rows} data line(s) from line {statement.CopyDataLine})");
            executor.Capture?.Invoke(new PlannedStatement(statement.Text, Revision.Path, statement.Line) { CopyData = data });
            try
            {
                Sink.Copy(statement.Text, data);
                Completed++;
            }
            catch (Exception error) when (executor.session is not null && DatabaseSession.IsDriverError(error))
            {
                var dataLine = Provider.Describe(error, executor.session.Connection).LineInData;
                throw StatementFailed(error, statement.Text, dataLine is { } n ? statement.CopyDataLine + n - 1 : statement.Line, null, null);
            }
        }

        /// <summary>Sends one statement of the revision; a failure names the file line (and column, where the server gave a position).</summary>
        public void Statement(string sql, int repeat, int? line, SqlStatement? located = null, string? operation = null)
        {
            StatementCount++;
            executor.Log?.Invoke($"{Revision.Revision}{(line is null ? string.Empty : $" line {line}")}: {StatementRedaction.Redact(sql)}");
            executor.Capture?.Invoke(new PlannedStatement(sql, Revision.Path, line) { Operation = operation });
            try
            {
                Sink.Execute(sql, repeat);
                Completed++;
            }
            catch (Exception error) when (executor.session is not null && DatabaseSession.IsDriverError(error))
            {
                throw StatementFailed(error, sql, line, located, operation);
            }
        }

        public MigrationException StatementFailed(Exception error, string sql, int? line, SqlStatement? located, string? operation)
        {
            var session = executor.session!;
            var failure = Provider.Describe(error, session.Connection);
            var column = (int?)null;
            if (located is not null && failure.Position is { } position)
            {
                (line, column) = located.Locate(position);
            }
            else if (located is not null && failure.LineInStatement is { } inStatement)
            {
                line = located.Line + inStatement - 1;
            }

            var where = Where(line, column);
            var what = operation is null ? string.Empty : $" ({operation}: {StatementRedaction.OneLine(sql, 120)})";
            var translated = session.Translate(error, $"{step.Direction} of revision {Revision.Revision} ('{Revision.Message}') failed at {where}{what}",
                MigrationErrors.RevisionFailed, Outcome(line, lost: failure.Kind == DriverFailureKind.ConnectionLost), namesDatabase: false);
            return new MigrationException(translated.Error, translated.Message, Revision.Path, error)
            {
                FilePath = Revision.Path,
                Line = line,
                Revision = Revision.Revision,
                Database = session.Database.Display,
            };
        }

        /// <summary>An error raised inside the revision (an operation, the .ps1 itself) with the revision's context and outcome added.</summary>
        public MigrationException InRevision(MigrationException error)
        {
            if (error.Revision == Revision.Revision && error.Message.Contains(Outcome(error.Line), StringComparison.Ordinal))
            {
                return error;
            }

            var where = Where(error.Line, null);
            var message = error.Message.StartsWith($"{step.Direction} of revision {Revision.Revision}", StringComparison.Ordinal)
                ? $"{DatabaseSession.Sentence(error.Message)} {Outcome(error.Line)}"
                : $"{step.Direction} of revision {Revision.Revision} ('{Revision.Message}') failed at {where}: {DatabaseSession.Sentence(error.Message)} {Outcome(error.Line)}";
            return new MigrationException(error.Error, message, error.Target ?? Revision.Path, error.InnerException ?? error)
            {
                FilePath = error.FilePath ?? Revision.Path,
                Line = error.Line,
                Revision = Revision.Revision,
                Database = error.Database ?? executor.session?.Database.Display,
            };
        }

        public MigrationException Failed(MigrationError error, string problem, int? line) =>
            new(error, $"{step.Direction} of revision {Revision.Revision} ('{Revision.Message}') {problem} {Outcome(line)}", Revision.Path)
            {
                FilePath = Revision.Path,
                Line = line,
                Revision = Revision.Revision,
                Database = executor.session?.Database.Display,
            };

        public string Describe() => $"revision {Revision.Revision} ('{Revision.Message}')";

        /// <summary>What a failure left behind, as a sentence.</summary>
        public string Outcome(int? line, bool lost = false) =>
            executor.RunStartedAt is { } start
                ? lost
                    ? $"The server rolled the whole run back (-TransactionScope Run) when the connection ended and released the deployment lock with the session; the database is still at {MigrationHeads.Describe(start)}."
                    : $"The whole run was rolled back (-TransactionScope Run); the database is still at {MigrationHeads.Describe(start)}."
            : Revision.TransactionMode == TransactionMode.None
                ? $"This revision runs without a transaction, so what ran before {(line is null ? "the failure" : $"line {line}")} stays applied; the version table still says {MigrationHeads.Describe(step.HeadsBefore)}."
                : lost
                    ? $"The server rolled the revision back when the connection ended and released the deployment lock with the session; the database is still at {MigrationHeads.Describe(step.HeadsBefore)}. Run again once the database is reachable."
                    : $"The revision was rolled back; the database is still at {MigrationHeads.Describe(step.HeadsBefore)}.";

        private string Where(int? line, int? column) =>
            line is null ? Revision.Path : column is null ? $"{Revision.Path}:{line}" : $"{Revision.Path}:{line}:{column}";
    }
}
