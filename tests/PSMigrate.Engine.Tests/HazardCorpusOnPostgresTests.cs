using Npgsql;
using PSMigrate.Engine.Providers.PostgreSql;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The static PostgreSQL rules checked against the server they describe: every corpus
/// statement that can run in a transaction runs on PostgreSQL against the corpus's tables,
/// measured as -Analyze measures, then rolled back. A rewrite rule's statement must have
/// rewritten the table, a lock rule's must have taken a lock that blocks writes, and a
/// statement no rule flags must not have rewritten anything.
/// </summary>
public sealed class HazardCorpusOnPostgresTests
{
    private const string Tables = """
        CREATE TABLE customers (id integer PRIMARY KEY);
        CREATE TABLE events (id integer NOT NULL);
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, note varchar(200), status text, total numeric(12,2), number integer,
                             created timestamptz, legacy text, CONSTRAINT orders_note_check CHECK (note <> ''));
        CREATE INDEX ix_orders_created ON orders (created);
        CREATE UNIQUE INDEX ux_orders_number ON orders (number);
        ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
        INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
        INSERT INTO events SELECT g FROM generate_series(1, 10) g;
        INSERT INTO orders (id, customer_id, note, status, total, number, created, legacy)
            SELECT g, g, 'note', 'open', g, g, now(), 'x' FROM generate_series(1, 10) g;
        """;

    private static readonly HashSet<string> RewriteRules = ["volatile-default", "cluster"];

    // A type change always locks; whether it rewrites depends on the two types (numeric(12,2) to
    // numeric(14,2) does not), which is what -Analyze is for.
    private static readonly HashSet<string> LockRules = ["column-type-change", "index-without-concurrently", "foreign-key-validated", "check-validated", "set-not-null", "unique-constraint", "reindex-without-concurrently"];

    [PostgresFact]
    public void EveryRuleAgreesWithWhatPostgreSqlReallyDoes()
    {
        using var database = new PostgresDatabase();
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using (var setup = new NpgsqlCommand(Tables, connection))
        {
            setup.ExecuteNonQuery();
        }

        var checkedStatements = 0;
        foreach (var (statement, expected) in HazardCorpus.Read(Path.Combine(AppContext.BaseDirectory, "Hazards", "postgres-corpus.sql")))
        {
            if (statement.Sql.Contains("CONCURRENTLY", StringComparison.Ordinal) || statement.Sql.StartsWith("VACUUM", StringComparison.Ordinal))
            {
                continue; // cannot run inside a transaction, so -Analyze cannot measure it either
            }

            using var transaction = connection.BeginTransaction();
            var effects = PostgreSqlStepMeasurement.Measure(connection, transaction, () =>
            {
                using var command = new NpgsqlCommand(statement.Sql, connection, transaction);
                command.ExecuteNonQuery();
            });
            transaction.Rollback();
            checkedStatements++;

            var rewritten = effects.Any(e => e.Kind == HazardKind.Rewrite);
            var locked = effects.Any(e => e.Kind == HazardKind.Lock);
            var where = $"line {statement.Line}: {statement.Sql} measured: {string.Join("; ", effects.Select(e => e.Detail))}";
            if (expected.Any(RewriteRules.Contains))
            {
                Assert.True(rewritten, where);
            }
            else if (!expected.Contains("truncate") && !expected.Contains("column-type-change"))
            {
                Assert.False(rewritten, where);
            }

            if (expected.Any(LockRules.Contains))
            {
                Assert.True(locked, where);
            }
        }

        Assert.True(checkedStatements >= 40, $"{checkedStatements} statements measured");
    }
}
