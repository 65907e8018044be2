using System.Globalization;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>A statement of the engine's bookkeeping, with the number of rows it must change (null: not checked).</summary>
internal sealed record BookkeepingStatement(string Sql, int? ExpectedRows = null);

/// <summary>The SQL that reads and writes the version table (current heads) and the history table.</summary>
internal sealed class VersionStore
{
    private readonly ISqlDialect dialect;
    private readonly VersionTables tables;

    // A run writes the same user, host and direction on every history row: each quoted once.
    private readonly string upgradeLiteral;
    private readonly string downgradeLiteral;
    private (string? Value, string? Literal) lastUser;
    private (string? Value, string? Literal) lastHost;

    public VersionStore(ISqlDialect dialect, VersionTables tables)
    {
        this.dialect = dialect;
        this.tables = tables;
        Version = dialect.TableName(tables.Schema, tables.VersionTable);
        History = dialect.TableName(tables.Schema, tables.HistoryTable);
        upgradeLiteral = dialect.Literal("upgrade");
        downgradeLiteral = dialect.Literal("downgrade");
    }

    private string Version { get; }

    private string History { get; }

    public IReadOnlyList<string> CreateTables() => dialect.CreateVersionTables(tables);

    public bool TablesExist(DatabaseSession session) =>
        session.Guarded("reading the version table", () => session.Query(dialect.TableExistsQuery(tables, tables.VersionTable)).Count > 0);

    public IReadOnlyList<string> ReadHeads(DatabaseSession session) =>
        session.Guarded("reading the version table", () =>
            session.Query($"SELECT version_num FROM {Version}")
                .Select(row => Convert.ToString(row["version_num"], CultureInfo.InvariantCulture)!)
                .Order(StringComparer.Ordinal)
                .ToArray());

    /// <summary>The columns the history table has; a table made by an earlier PSMigrate lacks outcome and detail.</summary>
    public IReadOnlySet<string> HistoryColumns(DatabaseSession session) =>
        session.Guarded("reading the history table", () =>
            session.Query(dialect.HistoryColumnsQuery(tables)).Select(r => Convert.ToString(r.Values.First(), CultureInfo.InvariantCulture)!.ToLowerInvariant()).ToHashSet());

    /// <summary>The columns added since the first version of the history table, for an existing table that lacks them.</summary>
    public IReadOnlyList<string> UpgradeHistory(IReadOnlySet<string> columns) =>
        new[] { "outcome", "detail" }.Where(c => !columns.Contains(c)).Select(c => dialect.AddHistoryColumn(tables, c)).ToList();

    /// <summary>
    /// Every history row, oldest first; or with <paramref name="lastOfEachRevision"/> only each
    /// revision's newest row, which is all a run needs to find drift and failed runs however long
    /// the history has grown (every up and down of every revision).
    /// </summary>
    public IReadOnlyList<HistoryRecord> ReadHistory(DatabaseSession session, string? database = null, bool lastOfEachRevision = false) =>
        session.Guarded("reading the history table", () =>
        {
            var records = new List<HistoryRecord>();
            var extended = HistoryColumns(session).Contains("outcome");
            using var command = session.Command(
                $"SELECT id, revision, direction, message, checksum, applied_at, duration_ms, applied_by, host{(extended ? ", outcome, detail" : string.Empty)} FROM {History}" +
                (lastOfEachRevision ? $" WHERE id IN (SELECT max(id) FROM {History} GROUP BY revision)" : string.Empty) + " ORDER BY id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                records.Add(new HistoryRecord(
                    Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    Enum.Parse<MigrationDirection>(reader.GetString(2), ignoreCase: true).ToString(),
                    Text(reader, 3),
                    Text(reader, 4),
                    Timestamp(reader.GetValue(5)),
                    reader.IsDBNull(6) ? null : TimeSpan.FromMilliseconds(Convert.ToDouble(reader.GetValue(6), CultureInfo.InvariantCulture)),
                    Text(reader, 7),
                    Text(reader, 8),
                    extended ? Text(reader, 9) : null,
                    extended ? Text(reader, 10) : null) { Database = database });
            }

            return records;
        });

    /// <summary>
    /// Moves the version table from a step's heads before to its heads after: a head replaced by
    /// its child is one UPDATE, extra heads removed or added are DELETEs and INSERTs. Each must
    /// change exactly one row; anything else means another run moved the database meanwhile.
    /// </summary>
    public List<BookkeepingStatement> HeadChanges(IReadOnlyList<string> removed, IReadOnlyList<string> added)
    {
        var replaced = Math.Min(removed.Count, added.Count);
        var statements = new List<BookkeepingStatement>(Math.Max(removed.Count, added.Count) + 1);
        for (var i = 0; i < replaced; i++)
        {
            statements.Add(new($"UPDATE {Version} SET version_num = {dialect.Literal(added[i])} WHERE version_num = {dialect.Literal(removed[i])}", 1));
        }

        for (var i = replaced; i < removed.Count; i++)
        {
            statements.Add(new($"DELETE FROM {Version} WHERE version_num = {dialect.Literal(removed[i])}", 1));
        }

        for (var i = replaced; i < added.Count; i++)
        {
            statements.Add(new($"INSERT INTO {Version} (version_num) VALUES ({dialect.Literal(added[i])})", 1));
        }

        return statements;
    }

    /// <summary>The version rows of one step (or of a repair that settles one): its head changes, then its history row.</summary>
    public IReadOnlyList<BookkeepingStatement> StepRows(IReadOnlyList<string> removed, IReadOnlyList<string> added, BookkeepingStatement history)
    {
        var rows = HeadChanges(removed, added);
        rows.Add(history);
        return rows;
    }

    /// <summary>The history row of a step; with no time (offline scripts) the database fills in its own clock.</summary>
    /// <remarks>Plain runs leave outcome and detail out, so a script also runs on a history table made by an earlier PSMigrate.</remarks>
    public BookkeepingStatement HistoryInsert(string revision, MigrationDirection direction, string? message, string? checksum,
        DateTimeOffset? startedAt, TimeSpan? duration, string? user, string? host, string? outcome = null, string? detail = null) =>
        HistoryInsert(revision, direction, message, checksum,
            startedAt is { } at ? dialect.Literal(at) : dialect.NowExpression,
            duration is { } d ? ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : "NULL",
            user, host, outcome, detail);

    /// <summary>The history row with the time and duration the server measures, for a row sent in its revision's own batch.</summary>
    public BookkeepingStatement HistoryInsertTimedByServer(string revision, MigrationDirection direction, string? message, string? checksum, string? user, string? host)
    {
        var (startedAt, elapsed) = dialect.TransactionClock ?? throw new InvalidOperationException("The dialect has no transaction clock.");
        return HistoryInsert(revision, direction, message, checksum, startedAt, elapsed, user, host, null, null);
    }

    private BookkeepingStatement HistoryInsert(string revision, MigrationDirection direction, string? message, string? checksum,
        string appliedAt, string durationMs, string? user, string? host, string? outcome, string? detail) =>
        new($"INSERT INTO {History} (revision, direction, message, checksum, applied_at, duration_ms, applied_by, host{(outcome is null ? string.Empty : ", outcome, detail")}) " +
            $"VALUES ({dialect.Literal(revision)}, {(direction == MigrationDirection.Upgrade ? upgradeLiteral : downgradeLiteral)}, {dialect.Literal(message)}, " +
            $"{dialect.Literal(checksum)}, {appliedAt}, {durationMs}, {Quoted(ref lastUser, user)}, {Quoted(ref lastHost, host)}" +
            $"{(outcome is null ? string.Empty : $", {dialect.Literal(outcome)}, {dialect.Literal(detail)}")})");

    private string Quoted(ref (string? Value, string? Literal) last, string? value)
    {
        if (last.Literal is null || !string.Equals(last.Value, value, StringComparison.Ordinal))
        {
            last = (value, dialect.Literal(value));
        }

        return last.Literal!;
    }

    private static string? Text(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Timestamp(object value) => value switch
    {
        DateTimeOffset offset => offset,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        string text when IsoDate.TryParse(text, out var parsed) => parsed.ToUniversalTime(),
        _ => null,
    };
}
