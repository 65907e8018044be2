using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Sql;

/// <summary>The SQL text a database needs: quoting, statement splitting, the engine's own tables, scripts.</summary>
internal interface ISqlDialect
{
    string QuoteIdentifier(string name);

    string TableName(string? schema, string table);

    string Literal(string? value);

    string Literal(DateTimeOffset value);

    /// <summary>An expression for 'now' in UTC, for rows written by an offline script when it runs.</summary>
    string NowExpression { get; }

    /// <summary>
    /// The server's start of the current transaction and the milliseconds since, so a history
    /// row sent in the same batch as its revision's statements still records when the revision
    /// started and how long it took. Null where the dialect has no such clock.
    /// </summary>
    (string StartedAt, string ElapsedMs)? TransactionClock => null;

    /// <summary>The longest identifier the database keeps whole, in its own unit (bytes or characters).</summary>
    int MaxIdentifierLength { get; }

    /// <summary>The identifier's length in the unit of <see cref="MaxIdentifierLength"/>.</summary>
    int IdentifierLength(string name);

    IReadOnlyList<SqlStatement> Split(SqlSection section, string path);

    /// <summary>
    /// The schema a new connection works in (PostgreSQL's current_schema(), SQL Server's
    /// SCHEMA_NAME(), SQLite's 'main'): the engine names its tables with it, so nothing a
    /// revision sets (search_path) can move them.
    /// </summary>
    string CurrentSchemaQuery { get; }

    /// <summary>Statements that create the version and history tables when missing.</summary>
    IReadOnlyList<string> CreateVersionTables(VersionTables tables);

    /// <summary>A query returning one row when the named table exists.</summary>
    string TableExistsQuery(VersionTables tables, string table);

    /// <summary>A query returning the history table's column names (no rows when it does not exist).</summary>
    string HistoryColumnsQuery(VersionTables tables);

    /// <summary>The statement adding a column the history table gained after it was created (outcome, detail).</summary>
    string AddHistoryColumn(VersionTables tables, string column);

    /// <summary>Statements every session runs once after connecting, and every script states at its top.</summary>
    IReadOnlyList<string> SessionSetup(SessionOptions options);

    /// <summary>
    /// What puts the configured limits back after a revision that may have changed them (a
    /// pg_dump file starts by turning the timeouts off), so the revisions after it still run
    /// under them; none where the session's settings are the revision frame's business.
    /// </summary>
    IReadOnlyList<string> SessionRestore(SessionOptions options) => [];

    /// <summary>Whether a statement may change what <see cref="SessionRestore"/> puts back.</summary>
    bool MayChangeSession(string sql) => false;

    /// <summary>What the executor puts around every revision, live and in scripts alike.</summary>
    RevisionFrame Frame { get; }

    ScriptFormat Script { get; }
}

/// <summary>
/// What a session is set up with: how long a statement may wait for a lock another session
/// holds, and how long a statement may run where the server can enforce it (0: no limit).
/// </summary>
internal sealed record SessionOptions(int LockWaitTimeoutSeconds, int StatementTimeoutSeconds = 0);

/// <summary>
/// Statements around every revision: before its transaction, a check before commit, and after
/// it (SQLite turns foreign keys off for the revision and checks them all before commit).
/// </summary>
/// <param name="CommitCheck">A query whose rows are violations; the revision fails if there are any.</param>
/// <param name="CommitCheckScript">The same check as a statement that fails in a script.</param>
internal sealed record RevisionFrame(
    IReadOnlyList<string> BeforeTransaction,
    string? CommitCheck,
    string? CommitCheckScript,
    IReadOnlyList<string> AfterTransaction)
{
    public static RevisionFrame None { get; } = new([], null, null, []);
}

/// <summary>How a dialect's offline script is written.</summary>
internal abstract class ScriptFormat
{
    /// <summary>Lines the script starts with for its client: how to run it and its stop-on-error switch.</summary>
    public abstract IReadOnlyList<string> Preamble { get; }

    public abstract string Begin { get; }

    public abstract string Commit { get; }

    /// <summary>A statement as the script writes it: ended with ';', or followed by a GO line.</summary>
    public abstract string Statement(string sql);

    public virtual string Comment(string text) => "-- " + text.ReplaceLineEndings(" ");

    /// <summary>The schema a script names the engine's tables with when none is configured, if the dialect has a fixed one.</summary>
    public virtual string? FixedSchema => null;

    /// <summary>
    /// Header lines that remember the schema setting the script starts with, and lines before
    /// each bookkeeping block that bring it back for that transaction, so a revision that changes
    /// it (pg_dump's search_path) cannot move where the engine's rows go.
    /// </summary>
    public virtual IReadOnlyList<string> RememberSchema => [];

    public virtual IReadOnlyList<string> RestoreSchema => [];

    /// <summary>
    /// A batch to write after every batch, for clients that run on past a failed one (SQL
    /// Server's SSMS and sqlcmd without -b): it stops the rest of the script if the batch before
    /// it failed. Null where the client itself stops (psql ON_ERROR_STOP, sqlite3 .bail).
    /// </summary>
    public virtual string? Guard(bool inTransaction) => null;
}
