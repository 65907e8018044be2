namespace PSMigrate.Module.Tests;

/// <summary>
/// The CI checks on schemas through the cmdlets: -RoundTrip finds the downgrade nobody ran,
/// -Schema finds a change made by hand, -DesiredSchema a change without its revision; and the
/// refusals: data loss where nobody can be asked, a desired schema that does not load.
/// </summary>
public sealed class SchemaCheckTests
{
    private static string? P(System.Management.Automation.PSObject o, string name) => o.Properties[name].Value?.ToString();

    private static void Revision(PowerShellSession session, string message, string upgrade, string downgrade) =>
        session.Run("New-MigrationRevision $m -UpgradeSql $u -DowngradeSql $d",
            new Dictionary<string, object?> { ["m"] = message, ["u"] = upgrade, ["d"] = downgrade }).ShouldSucceed();

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void RoundTripFindsTheDowngradeThatDoesNotRestoreTheSchema(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        Revision(session, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50));", "DROP TABLE people;");
        Revision(session, "nickname", "ALTER TABLE people ADD COLUMN nick VARCHAR(20);\nCREATE INDEX ix_people_nick ON people (nick);",
            "DROP INDEX ix_people_nick;");
        var untouched = session.Db.Snapshot();
        var roundTrip = session.Run("Test-Migration -RoundTrip");
        var difference = Assert.Single(roundTrip.Output);
        Assert.Equal(("ColumnAdded", "people", "nick"), (P(difference, "Kind"), P(difference, "Table"), P(difference, "Name")));
        Assert.Contains("the downgrade of", P(difference, "Description"), StringComparison.OrdinalIgnoreCase);
        var nickname = session.Run("(Get-MigrationRevision | Where-Object Message -eq 'nickname').Revision").Output.Single().ToString();
        Assert.Equal(nickname, P(difference, "Revision"));

        // The column the downgrade left behind makes the upgrade fail the second time: said, not hidden.
        var again = roundTrip.SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", again.FullyQualifiedErrorId);
        Assert.Contains($"Round trip of revision {nickname} ('nickname') in a scratch database: upgrading it again after its downgrade failed.", again.Exception.Message);

        Assert.Equal(untouched, session.Db.Snapshot());

        // Asked for with the desired schema, the failed round trip does not hide that check: it runs
        // on a replay of its own (the round trip ended nowhere useful), and the failure follows it.
        var schema = Path.Combine(session.Directory, "schema.sql");
        File.WriteAllText(schema, "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50), nick VARCHAR(20));\nCREATE INDEX ix_people_nick ON people (nick);\n");
        var both = session.Run("Test-Migration -DesiredSchema schema.sql -RoundTrip -Verbose");
        Assert.StartsWith("PSMigrate.RevisionFailed", both.SingleError.FullyQualifiedErrorId);
        Assert.Contains(both.Information, i => i.StartsWith("Checked: the revisions at head give the desired schema", StringComparison.Ordinal));
        Assert.Contains(both.Verbose, v => v.StartsWith("Replaying the revisions up to heads", StringComparison.Ordinal));

        // Fixed, the round trip is clean and -Strict passes.
        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), nickname + "_*.sql").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("DROP INDEX ix_people_nick;", "DROP INDEX ix_people_nick;\nALTER TABLE people DROP COLUMN nick;"));
        var fixedTrip = session.Run("Test-Migration -RoundTrip -Strict");
        fixedTrip.ShouldSucceed();
        Assert.Empty(fixedTrip.Output);
        Assert.Contains(fixedTrip.Information, i => i.StartsWith("Checked: every downgrade", StringComparison.Ordinal));

        // The CI gate of the README: schema.sql and every downgrade in one call, on one replay (the
        // clean round trip ends at the heads, so the desired schema is compared with where it ended).
        var gate = session.Run("Test-Migration -DesiredSchema schema.sql -RoundTrip -Strict -Verbose");
        gate.ShouldSucceed();
        Assert.Contains(gate.Information, i => i.StartsWith("Checked: every downgrade", StringComparison.Ordinal));
        Assert.Contains(gate.Information, i => i.StartsWith("Checked: the revisions at head give the desired schema", StringComparison.Ordinal));
        Assert.DoesNotContain(gate.Verbose, v => v.StartsWith("Replaying the revisions", StringComparison.Ordinal));
        File.AppendAllText(schema, "CREATE TABLE pets (id INTEGER PRIMARY KEY);\n");
        var missed = session.Run("Test-Migration -DesiredSchema schema.sql -RoundTrip -Strict");
        Assert.StartsWith("PSMigrate.SchemaDiffers", missed.SingleError.FullyQualifiedErrorId);
        Assert.Contains("Table 'pets' is created.", missed.SingleError.Exception.Message);
        Assert.NotNull(missed.Terminating);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void SchemaFindsAnIndexAddedByHandAndDesiredSchemaAChangeWithoutItsRevision(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        Revision(session, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50));", "DROP TABLE people;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        session.Run("Test-Migration -Schema -Strict").ShouldSucceed();

        session.Db.Execute("CREATE INDEX hotfix_people_name ON people (name)");
        var hotfix = session.Run("Test-Migration -Schema");
        hotfix.ShouldSucceed();
        var found = Assert.Single(hotfix.Output);
        Assert.Equal(("IndexAdded", "hotfix_people_name"), (P(found, "Kind"), P(found, "Name")));
        Assert.StartsWith("PSMigrate.SchemaDiffers", session.Run("Test-Migration -Schema -Strict").SingleError.FullyQualifiedErrorId);

        File.WriteAllText(Path.Combine(session.Directory, "schema.sql"), "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50), email VARCHAR(200));");
        var missing = session.Run("Test-Migration -DesiredSchema schema.sql");
        var added = Assert.Single(missing.Output);
        Assert.Equal(("ColumnAdded", "email"), (P(added, "Kind"), P(added, "Name")));
    }

    [Fact]
    public void AutogenerateRefusesDataLossWhereNobodyCanBeAskedAndMarksItWhenAllowed()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        Revision(session, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50), fax VARCHAR(30));", "DROP TABLE people;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        session.Db.Execute("INSERT INTO people (name, fax) VALUES ('Ada', '555')");
        var before = session.Db.Snapshot();
        File.WriteAllText(Path.Combine(session.Directory, "schema.sql"), "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(50));");
        var versions = Path.Combine(session.Directory, "migrations", "versions");

        var refused = session.Run("New-MigrationRevision 'drop fax' -Autogenerate -DesiredSchema schema.sql");
        Assert.Equal("PSMigrate.DataLossRefused,PSMigrate.Commands.NewMigrationRevisionCommand", refused.SingleError.FullyQualifiedErrorId);
        Assert.Contains("Column 'people.fax' is dropped", refused.SingleError.Exception.Message);
        Assert.Contains("-AllowDataLoss", refused.SingleError.Exception.Message);
        Assert.Single(Directory.GetFiles(versions));
        Assert.Equal(before, session.Db.Snapshot());

        var allowed = session.Run("New-MigrationRevision 'drop fax' -Autogenerate -DesiredSchema schema.sql -AllowDataLoss");
        allowed.ShouldSucceed();
        var text = File.ReadAllText((string)allowed.Output.Single().Properties["Path"].Value);
        Assert.Contains("# DATA LOSS: drops column people.fax and its values.\n    Remove-MigrationColumn 'people' 'fax'", text);
        Assert.Contains("Add-MigrationColumn 'people' @{ Name = 'fax'; Type = 'String'; Length = 30; Nullable = $true }", text);
        Assert.Equal(before, session.Db.Snapshot());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ADesiredSchemaThatDoesNotLoadNamesFileAndLineAndChangesNothing(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        Revision(session, "people", "CREATE TABLE people (id INTEGER PRIMARY KEY);", "DROP TABLE people;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        var before = session.Db.Snapshot();
        var file = Path.Combine(session.Directory, "schema.sql");
        File.WriteAllText(file, "CREATE TABLE people (id INTEGER PRIMARY KEY);\n-- a comment\nCREATE TABLE people (id INTEGER PRIMARY KEY);\n");

        foreach (var command in new[] { "Compare-MigrationSchema -DesiredSchema schema.sql", "Test-Migration -DesiredSchema schema.sql", "New-MigrationRevision x -Autogenerate -DesiredSchema schema.sql" })
        {
            var failed = session.Run(command);
            var error = failed.SingleError;
            Assert.StartsWith("PSMigrate.DesiredSchemaInvalid", error.FullyQualifiedErrorId);
            Assert.Contains($"{file}:3", error.Exception.Message);
            Assert.Contains("already exists", error.Exception.Message);
        }

        var notFound = session.Run("Compare-MigrationSchema -DesiredSchema nothere.sql").SingleError;
        Assert.StartsWith("PSMigrate.DesiredSchemaNotFound", notFound.FullyQualifiedErrorId);
        Assert.Contains(Path.Combine(session.Directory, "nothere.sql"), notFound.Exception.Message);
        var badRename = session.Run("Compare-MigrationSchema -Rename 'nosuch=people2'").SingleError;
        Assert.StartsWith("PSMigrate.InvalidRename", badRename.FullyQualifiedErrorId);
        Assert.Contains("-Rename 'nosuch=people2': there is no table 'nosuch' to rename.", badRename.Exception.Message);

        Assert.Equal(before, session.Db.Snapshot());
        Assert.Single(Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions")));
    }

    [Fact]
    public void GetMigrationSchemaGivesPlainObjectsForReports()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        Revision(session, "shop",
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE);\n" +
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE, total NUMERIC(10, 2) DEFAULT 0 CHECK (total >= 0));\n" +
            "CREATE INDEX ix_orders_customer ON orders (customer_id);\nCREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;",
            "DROP VIEW big_orders; DROP TABLE orders; DROP TABLE customers;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();

        var columns = session.Run("Get-MigrationSchema | Where-Object Kind -eq 'Table' | ForEach-Object { $t = $_; $t.Columns | ForEach-Object { '{0}.{1} {2} {3}' -f $t.Name, $_.Name, $_.Type, $_.IsNullable } }");
        columns.ShouldSucceed();
        Assert.Equal(
            ["customers.id INTEGER False", "customers.email VARCHAR(200) False", "orders.id INTEGER False", "orders.customer_id INTEGER True", "orders.total NUMERIC(10, 2) True"],
            columns.Output.Select(o => o.ToString()));
        var orders = session.Run("Get-MigrationSchema orders").Output.Single();
        Assert.Equal("CASCADE", session.Run("(Get-MigrationSchema orders).ForeignKeys[0].OnDelete").Output.Single().ToString());
        Assert.Equal("ix_orders_customer", session.Run("(Get-MigrationSchema orders).Indexes.Name").Output.Single().ToString());
        Assert.Equal("total >= 0", session.Run("(Get-MigrationSchema orders).CheckConstraints[0].Expression").Output.Single().ToString());
        Assert.EndsWith("app.db", orders.Properties["Database"].Value.ToString());
        Assert.Equal("View", session.Run("(Get-MigrationSchema big_*).Kind").Output.Single().ToString());
        Assert.Equal(["customers", "orders"], session.Run("(Get-MigrationSchema -Revision head | Where-Object Kind -eq 'Table').Name").Output.Select(o => o.ToString()));
    }
}
