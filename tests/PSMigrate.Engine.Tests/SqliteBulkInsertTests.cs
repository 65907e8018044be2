using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Providers;
using Xunit;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The SQLite bulk path binds most values natively; whatever it binds must be stored exactly as
/// Microsoft.Data.Sqlite's own command stores it, and its failures must read the same.
/// </summary>
public sealed class SqliteBulkInsertTests : IDisposable
{
    private enum Colour
    {
        Red = 2,
    }

    // Types bound natively, in a row of their own (one value of another type sends its whole row
    // through the driver), and types the driver binds by its own rules.
    private static readonly object?[] NativeValues =
    [
        42L, 7, (short)-3, (byte)200, (sbyte)-8, (ushort)65000, uint.MaxValue, true, false,
        1.5, -0.25f, double.PositiveInfinity, "plain", "naïve ✓ \u0000 after nul", "", new byte[] { 0, 1, 255 }, Array.Empty<byte>(),
        null, DBNull.Value,
    ];

    private static readonly object?[] DriverValues =
    [
        new DateTime(2026, 11, 23, 3, 4, 5, 678), new DateTimeOffset(2026, 11, 23, 3, 4, 5, TimeSpan.FromHours(2)),
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), 12.345m, 'x', Colour.Red, TimeSpan.FromMinutes(90),
        ulong.MaxValue, new DateOnly(2026, 11, 23), new TimeOnly(3, 4, 5),
    ];

    private readonly string file = Path.Combine(Path.GetTempPath(), $"psm-bulk-{Guid.NewGuid():N}.db");
    private readonly SqliteConnection connection;

    public SqliteBulkInsertTests()
    {
        connection = new SqliteConnection($"Data Source={file};Pooling=false");
        connection.Open();
    }

    [Fact]
    public void NativelyBoundValuesAreStoredAsTheDriversOwnCommandStoresThem()
    {
        var stored = StoredBothWays(NativeValues);
        Assert.Contains("integer:1", stored);
        Assert.Contains("real:1.5", stored);
        Assert.Contains("blob:X'0001FF'", stored);
        Assert.Contains("null:NULL", stored);
    }

    [Fact]
    public void ValuesTheDriverBindsByItsOwnRulesAreStoredAsItStoresThem()
    {
        var stored = StoredBothWays(DriverValues);
        Assert.Contains("text:'12.345'", stored);
    }

    /// <summary>The row inserted twice by the bulk path and once by a plain command; what SQLite stored, compared.</summary>
    private string[] StoredBothWays(object?[] values)
    {
        var columns = values.Select((_, i) => "c" + i).ToArray();
        Execute($"CREATE TABLE bulk ({string.Join(", ", columns)})");
        Execute($"CREATE TABLE driver ({string.Join(", ", columns)})");

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            ProviderRegistry.Get(ProviderKind.Sqlite).BulkInsert(connection, transaction, "bulk", columns, [values, values]);
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO driver VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters.AddWithValue("$" + columns[i], values[i] ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
            transaction.Commit();
        }

        var stored = string.Join(", ", columns.Select(c => $"typeof({c}) || ':' || quote({c})"));
        var bulk = Rows($"SELECT {stored} FROM bulk ORDER BY rowid");
        var driver = Rows($"SELECT {stored} FROM driver");
        Assert.Equal(2, bulk.Count);
        Assert.Equal(driver[0], bulk[0]);
        Assert.Equal(driver[0], bulk[1]);
        return driver[0];
    }

    [Fact]
    public void RowsBoundNativelyAndThroughTheDriverKeepTheirOrder()
    {
        Execute("CREATE TABLE mixed (id INTEGER PRIMARY KEY, v)");
        var rows = Enumerable.Range(1, 10).Select(i => new object?[] { (long)i, i % 3 == 0 ? 1.5m * i : (object)i }).ToList();

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            Assert.Equal(10, ProviderRegistry.Get(ProviderKind.Sqlite).BulkInsert(connection, transaction, "mixed", ["id", "v"], rows));
            transaction.Commit();
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString()).ToList(), Rows("SELECT id FROM mixed ORDER BY rowid").Select(r => r[0]).ToList());
        Assert.Equal(["text:'4.5'"], Rows("SELECT typeof(v) || ':' || quote(v) FROM mixed WHERE id = 3")[0]);
    }

    [Fact]
    public void AConstraintViolationReadsAsTheDriversAndKeepsNothing()
    {
        Execute("CREATE TABLE keyed (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        var provider = ProviderRegistry.Get(ProviderKind.Sqlite);

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var error = Assert.Throws<SqliteException>(() =>
                provider.BulkInsert(connection, transaction, "keyed", ["id", "name"], [[1L, "a"], [2L, "b"], [1L, "again"]]));
            Assert.Equal(19, error.SqliteErrorCode);
            Assert.Contains("UNIQUE constraint failed: keyed.id", error.Message);
            transaction.Rollback();
        }

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var error = Assert.Throws<SqliteException>(() => provider.BulkInsert(connection, transaction, "nowhere", ["id"], [[1L]]));
            Assert.Contains("no such table: nowhere", error.Message);
            var nan = Assert.Throws<InvalidOperationException>(() => provider.BulkInsert(connection, transaction, "keyed", ["id", "name"], [[3L, double.NaN]]));
            Assert.Contains("NaN", nan.Message);
            transaction.Rollback();
        }

        Assert.Equal(["0"], Rows("SELECT count(*) FROM keyed")[0]);
    }

    [Fact]
    public void WithoutATransactionEveryRowIsCommittedByTheDriver()
    {
        Execute("CREATE TABLE loose (id INTEGER PRIMARY KEY, name TEXT)");
        Assert.Equal(2, ProviderRegistry.Get(ProviderKind.Sqlite).BulkInsert(connection, null, "loose", ["id", "name"], [[1L, "a"], [2L, null]]));

        using var other = new SqliteConnection($"Data Source={file};Pooling=false");
        other.Open();
        using var command = other.CreateCommand();
        command.CommandText = "SELECT count(*) FROM loose WHERE name IS NULL";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    public void Dispose()
    {
        connection.Dispose();
        File.Delete(file);
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string[]> Rows(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }
}
