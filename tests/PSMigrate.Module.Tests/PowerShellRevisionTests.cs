namespace PSMigrate.Module.Tests;

/// <summary>PowerShell revisions and the operation cmdlets, on real SQLite and PostgreSQL databases.</summary>
public sealed class PowerShellRevisionTests
{
    internal const string BaseTables = """
            New-MigrationRevision 'base tables' -Upgrade {
                New-MigrationTable teams @(
                    @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
                    @{ Name = 'name'; Type = 'String'; Length = 40; Nullable = $false; Unique = $true }
                )
                New-MigrationTable players @(
                    @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
                    @{ Name = 'team_id'; Type = 'Integer' }
                    @{ Name = 'name'; Type = 'String'; Length = 40 }
                    @{ Name = 'score'; Type = 'Integer'; Default = 0 }
                    @{ Name = 'nickname'; Type = 'Text' }
                )
                Add-MigrationRow teams @(@{ id = 1; name = 'red' }, @{ id = 2; name = 'blue' })
                Add-MigrationRow players @(
                    @{ id = 1; team_id = 1; name = 'ann'; score = 10; nickname = 'a' }
                    @{ id = 2; team_id = 2; name = 'bob'; score = 20; nickname = 'b' }
                )
                New-MigrationIndex players ix_players_name name
                Add-MigrationConstraint players fk_players_team -ForeignKey team_id -References teams -ReferencedColumn id -OnDelete CASCADE
            } -Downgrade {
                Remove-MigrationTable players
                Remove-MigrationTable teams
            }
            """;

    internal const string EveryOtherOperation = """
            New-MigrationRevision 'every other operation' -Upgrade {
                Add-MigrationColumn players @{ Name = 'joined'; Type = 'Date' }
                Set-MigrationColumn players name -Type String -Length 60 -Nullable $false
                Set-MigrationColumn players score -Default 5
                New-MigrationIndex players ix_players_score score -Unique -Where 'score > 0'
                Add-MigrationConstraint players ck_players_score -Check 'score >= 0'
                Add-MigrationConstraint players uq_players_team_name -Unique team_id, name
                Remove-MigrationColumn players nickname
                Rename-MigrationColumn players score points
                Invoke-MigrationSql "UPDATE players SET points = points + 1"
                Invoke-MigrationSql "COMMENT ON TABLE players IS 'people'" -Provider PostgreSql
                if (-not $Migration.IsOffline) {
                    $count = (Invoke-MigrationSql 'SELECT count(*) AS n FROM players' -Query).n
                    if ($count -ne 2) { throw "expected 2 players, saw $count" }
                }
            } -Downgrade {
                Rename-MigrationColumn players points score
                Add-MigrationColumn players @{ Name = 'nickname'; Type = 'Text' }
                Remove-MigrationConstraint players uq_players_team_name
                Remove-MigrationConstraint players ck_players_score
                Remove-MigrationIndex players ix_players_score
                Set-MigrationColumn players score -NoDefault
                Set-MigrationColumn players name -Type String -Length 40 -Nullable $true
                Remove-MigrationColumn players joined
                Invoke-MigrationSql "UPDATE players SET score = score - 1"
            }
            """;

    /// <summary>The seeds' tutorial written with operations instead of SQL.</summary>
    internal static string[] CreateTutorial(PowerShellSession session)
    {
        session.Initialise();
        var scripts = new[]
        {
            """
            New-MigrationRevision 'create employees' -Upgrade {
                New-MigrationTable employees @(
                    @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
                    @{ Name = 'name'; Type = 'String'; Length = 80; Nullable = $false }
                    @{ Name = 'email'; Type = 'String'; Length = 200 }
                )
            } -Downgrade { Remove-MigrationTable employees }
            """,
            """
            New-MigrationRevision 'add employee rows' -Upgrade {
                @(
                    @{ id = 1; name = 'Ada Lovelace'; email = 'ada@example.com' }
                    [pscustomobject]@{ id = 2; name = 'Grace Hopper'; email = 'grace@example.com' }
                ) | Add-MigrationRow employees
            } -Downgrade { Invoke-MigrationSql 'DELETE FROM employees' }
            """,
            """
            New-MigrationRevision 'add department' -Upgrade {
                New-MigrationTable department @(
                    @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
                    @{ Name = 'name'; Type = 'String'; Length = 80; Nullable = $false }
                    @{ Name = 'address'; Type = 'Text' }
                )
                Add-MigrationRow department -InputObject @(@{ id = 1; name = 'Research'; address = 'Building 1' })
            } -Downgrade { Remove-MigrationTable department }
            """,
            "New-MigrationRevision 'rename department to departments' -Upgrade { Rename-MigrationTable department departments } -Downgrade { Rename-MigrationTable departments department }",
            "New-MigrationRevision 'rename address to location' -Upgrade { Rename-MigrationColumn departments address location } -Downgrade { Rename-MigrationColumn departments location address }",
        };

        return scripts.Select(script =>
        {
            var result = session.Run($"({script}).Revision");
            result.ShouldSucceed();
            return result.Output.Single().ToString()!;
        }).ToArray();
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void TutorialAsPowerShellRevisionsKeepsTheDataBothWays(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = CreateTutorial(session);
        Assert.All(ids, id => Assert.Single(Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), id + "_*.ps1")));

        var up = session.Run("Invoke-MigrationUpgrade");
        up.ShouldSucceed();
        Assert.Equal(ids, up.Output.Select(o => o.Properties["Revision"].Value.ToString()));
        AssertData(session);

        session.Run("Undo-Migration base -Force").ShouldSucceed();
        Assert.Empty(session.Db.Tables());
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        AssertData(session);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void EveryOperationUpgradesAndDowngradesWithDataIntact(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var setup = session.Run(BaseTables);
        setup.ShouldSucceed();
        var changes = session.Run(EveryOtherOperation);
        changes.ShouldSucceed();

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal(["ann|11|1", "bob|21|2"], session.Db.Column("SELECT name || '|' || points || '|' || team_id FROM players ORDER BY id"));
        Assert.Equal(new[] { "players", "teams" }, session.Db.Tables().Order());
        Assert.Contains("ix_players_name", Indexes(session));
        Assert.Contains("ix_players_score", Indexes(session));

        // The constraints hold: check, unique, not null, foreign key with cascade.
        Assert.NotEmpty(Fails(session, "INSERT INTO players (id, team_id, name, points) VALUES (9, 1, 'neg', -1)"));
        Assert.NotEmpty(Fails(session, "INSERT INTO players (id, team_id, name, points) VALUES (9, 1, 'ann', 3)"));
        Assert.NotEmpty(Fails(session, "INSERT INTO players (id, team_id, points) VALUES (9, 1, 3)"));
        Assert.NotEmpty(Fails(session, "INSERT INTO players (id, team_id, name, points) VALUES (9, 99, 'orphan', 3)"));
        Assert.Equal(["5"], session.Db.Column(Insert(session, "INSERT INTO players (id, team_id, name) VALUES (9, 1, 'dflt')", "SELECT points FROM players WHERE id = 9")));

        session.Run("Undo-Migration -Force").ShouldSucceed();
        Assert.Equal(["ann|10", "bob|20", "dflt|4"], session.Db.Column("SELECT name || '|' || score FROM players ORDER BY id"));
        Assert.DoesNotContain("ix_players_score", Indexes(session));
        Assert.Contains("ix_players_name", Indexes(session));
        Assert.Empty(Fails(session, "INSERT INTO players (id, team_id, name, score) VALUES (10, 1, 'ann', -3)"));

        session.Run("Undo-Migration base -Force").ShouldSucceed();
        Assert.Empty(session.Db.Tables());
    }

    [Fact]
    public void SqliteRebuildKeepsRowsIndexesTriggersAndIncomingForeignKeys()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("""
            New-MigrationRevision 'schema' -UpgradeSql @'
            CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT, note TEXT);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parents (id) ON DELETE CASCADE);
            CREATE INDEX ix_parents_name ON parents (name);
            CREATE TABLE audit (what TEXT);
            CREATE TRIGGER parents_audit AFTER UPDATE ON parents BEGIN INSERT INTO audit VALUES ('updated ' || new.id); END;
            INSERT INTO parents VALUES (1, 'one', 'x'), (2, 'two', 'y');
            INSERT INTO children VALUES (10, 1), (20, 2);
            '@ -DowngradeSql 'DROP TABLE children; DROP TABLE audit; DROP TABLE parents;'
            """).ShouldSucceed();
        session.Run("New-MigrationRevision 'rebuild parents' -Upgrade { Set-MigrationColumn parents name -Nullable $false; Remove-MigrationColumn parents note } -Downgrade { Add-MigrationColumn parents @{ Name = 'note'; Type = 'Text' }; Set-MigrationColumn parents name -Nullable $true }").ShouldSucceed();

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal(["1|one", "2|two"], session.Db.Column("SELECT id || '|' || name FROM parents ORDER BY id"));
        Assert.Equal(["10", "20"], session.Db.Column("SELECT id FROM children ORDER BY id"));
        Assert.Contains("ix_parents_name", Indexes(session));
        Assert.Equal(["parents_audit"], session.Db.Column("SELECT name FROM sqlite_master WHERE type = 'trigger'"));
        Assert.Equal(["parents"], session.Db.Column("SELECT \"table\" FROM pragma_foreign_key_list('children')"));
        Assert.Contains("NOT NULL", session.Db.Column("SELECT sql FROM sqlite_master WHERE name = 'parents'").Single());
        Assert.DoesNotContain("note", session.Db.Column("SELECT name FROM pragma_table_info('parents')"));
        Assert.DoesNotContain("_psmigrate_rebuild_", string.Join(",", session.Db.Column("SELECT name FROM sqlite_master")));
        Assert.Empty(session.Db.Column("SELECT * FROM pragma_foreign_key_check"));
        Assert.Equal(["1"], session.Db.Column("PRAGMA foreign_keys"));
    }

    [Fact]
    public void ConsecutiveChangesOfOneSqliteTableMakeOneRebuild()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'table' -UpgradeSql 'CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT); INSERT INTO t VALUES (1, ''x'', ''2'');' -DowngradeSql 'DROP TABLE t;'").ShouldSucceed();
        session.Run("""
            New-MigrationRevision 'three changes' -Upgrade {
                Set-MigrationColumn t a -Nullable $false
                Set-MigrationColumn t b -Type Integer
                Add-MigrationConstraint t ck_t_b -Check 'b > 0'
            } -Downgrade { }
            """).ShouldSucceed();
        var run = session.Run("Invoke-MigrationUpgrade -Verbose");
        run.ShouldSucceed();
        Assert.Single(run.Verbose, v => v.Contains("CREATE TABLE \"_psmigrate_rebuild_t\"", StringComparison.Ordinal));
        var sql = session.Db.Column("SELECT sql FROM sqlite_master WHERE name = 't'").Single();
        Assert.Contains("a TEXT NOT NULL", sql);
        Assert.Contains("b INTEGER", sql);
        Assert.Contains("ck_t_b", sql);
        Assert.Equal(["1|x|2"], session.Db.Column("SELECT id || '|' || a || '|' || b FROM t"));
    }

    [Fact]
    public void SqliteRebuildThatBreaksAForeignKeyRollsBackWhole()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'schema' -UpgradeSql 'CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER); INSERT INTO b VALUES (1, 42);' -DowngradeSql 'DROP TABLE b; DROP TABLE a;'").ShouldSucceed();
        var bad = session.Run("(New-MigrationRevision 'fk' -Upgrade { Add-MigrationConstraint b fk_b_a -ForeignKey a_id -References a -ReferencedColumn id } -Downgrade { Remove-MigrationConstraint b fk_b_a }).Revision").Output.Single().ToString();
        session.Run("Invoke-MigrationUpgrade +1").ShouldSucceed();
        var before = session.Db.Snapshot();

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.ForeignKeyViolation", error.FullyQualifiedErrorId);
        Assert.Contains(bad, error.Exception.Message);
        Assert.Contains("foreign key: table 'b' rowid 1 -> 'a'", error.Exception.Message);
        Assert.Contains("rolled back", error.Exception.Message);
        Assert.Equal(before, session.Db.Snapshot());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void RevisionThatThrowsMidwayRollsBackAndNamesRevisionFileAndLine(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var id = session.Run("""
            (New-MigrationRevision 'half done' -Upgrade {
                New-MigrationTable first_half @(@{ Name = 'id'; Type = 'Integer' })
                Add-MigrationRow first_half @(@{ id = 1 })
                throw 'the API we call is down'
            } -Downgrade { Remove-MigrationTable first_half }).Revision
            """).Output.Single().ToString();
        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), id + "_*.ps1").Single();
        var line = File.ReadAllLines(file).ToList().FindIndex(l => l.Contains("throw")) + 1;

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Contains(id, error.Exception.Message);
        Assert.Contains($"{file}:{line}", error.Exception.Message);
        Assert.Contains("the API we call is down", error.Exception.Message);
        Assert.Contains("rolled back", error.Exception.Message);
        Assert.DoesNotContain("first_half", session.Db.Tables());
        Assert.Empty(session.Db.Heads());
        Assert.Equal(0, session.Db.Exists("psmigrate_history") ? int.Parse(session.Db.Column("SELECT count(*) FROM psmigrate_history").Single()) : 0);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ARevisionsOwnCommandsRunInItsTransactionAndRollBackWithIt(string provider)
    {
        // .sql revisions on SQLite open their transaction with a plain BEGIN; PowerShell code
        // still gets the driver's transaction object for the commands it builds itself.
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var marker = Path.Combine(session.Directory, "transaction.txt");
        session.Run($$"""
            New-MigrationRevision 'own commands' -Upgrade {
                [System.IO.File]::WriteAllText('{{marker}}', $Migration.Transaction.GetType().Name)
                $command = $Migration.Connection.CreateCommand()
                $command.Transaction = $Migration.Transaction
                $command.CommandText = 'CREATE TABLE own_command (id int)'
                $null = $command.ExecuteNonQuery()
                throw 'stop after the own command'
            } -Downgrade { }
            """).ShouldSucceed();

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Contains("stop after the own command", error.Exception.Message);
        Assert.Equal(provider == "Sqlite" ? "SqliteTransaction" : "NpgsqlTransaction", File.ReadAllText(marker));
        Assert.DoesNotContain("own_command", session.Db.Tables());
        Assert.Empty(session.Db.Heads());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ALargeArrayIsSeededWholeAsHashtablesOrObjects(string provider)
    {
        // 60,001 items is above the cmdlet's batch size: the array is streamed into the bulk path
        // in one piece, hashtables and objects alike, with a missing key stored as NULL.
        using var session = new PowerShellSession(provider);
        session.Initialise();
        session.Run("""
            New-MigrationRevision 'many rows' -Upgrade {
                New-MigrationTable many @(@{ Name = 'id'; Type = 'BigInteger'; PrimaryKey = $true }, @{ Name = 'name'; Type = 'Text' }, @{ Name = 'score'; Type = 'Integer' })
                $rows = [object[]]::new(60001)
                for ($i = 0; $i -lt 60000; $i++) { $rows[$i] = if ($i % 2) { @{ id = $i; name = "n$i"; score = $i % 7 } } else { [pscustomobject]@{ id = $i; name = "n$i"; score = $i % 7 } } }
                $rows[60000] = @{ id = 60001; name = 'no score' }
                Add-MigrationRow many -InputObject $rows
                Add-MigrationRow many -InputObject @(@{ id = 70000; name = 'after'; score = 1 })
            } -Downgrade { Remove-MigrationTable many }
            """).ShouldSucceed();

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal(["60002"], session.Db.Column("SELECT count(*) FROM many"));
        Assert.Equal(["n59999|2", "n0|0", "no score|", "after|1"],
            session.Db.Column("SELECT name || '|' || COALESCE(CAST(score AS TEXT), '') FROM many WHERE id IN (59999, 0, 60001, 70000) ORDER BY CASE id WHEN 59999 THEN 0 WHEN 0 THEN 1 WHEN 60001 THEN 2 ELSE 3 END"));
    }

    [Fact]
    public void RevisionSeesItsOwnFolderAndTheMigrationContext()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        var versions = Path.Combine(session.Directory, "migrations", "versions");
        File.WriteAllText(Path.Combine(versions, "countries.csv"), "code,name\nfr,France\nde,Germany\n");
        session.Run("""
            New-MigrationRevision 'countries' -Upgrade {
                New-MigrationTable countries @(@{ Name = 'code'; Type = 'String'; Length = 2; PrimaryKey = $true }, @{ Name = 'name'; Type = 'Text' }, @{ Name = 'note'; Type = 'Text' })
                $lines = [System.IO.File]::ReadAllLines([System.IO.Path]::Combine($PSScriptRoot, 'countries.csv')) | Select-Object -Skip 1
                $lines | ForEach-Object { $code, $name = $_ -split ','; [pscustomobject]@{ code = $code; name = $name; note = "$($Migration.Direction) $($Migration.Provider) offline=$($Migration.IsOffline)" } } |
                    Add-MigrationRow countries
            } -Downgrade { Remove-MigrationTable countries }
            """.Replace("| Select-Object -Skip 1", "| Where-Object { $_ -ne 'code,name' }")).ShouldSucceed();

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal(["de|Germany|Upgrade Sqlite offline=False", "fr|France|Upgrade Sqlite offline=False"],
            session.Db.Column("SELECT code || '|' || name || '|' || note FROM countries ORDER BY code"));
    }

    [Fact]
    public void OperationsOutsideARevisionSayWhereTheyBelong()
    {
        using var session = new PowerShellSession();
        var error = session.Run("New-MigrationTable t @(@{ Name = 'id'; Type = 'Integer' })").SingleError;
        Assert.StartsWith("PSMigrate.NotInRevision", error.FullyQualifiedErrorId);
        Assert.Contains("Upgrade or Downgrade function", error.Exception.Message);
    }

    [Fact]
    public void BadColumnDescriptionNamesTheKeyAndTheLine()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        var id = session.Run("(New-MigrationRevision 'typo' -Upgrade { New-MigrationTable t @(@{ Name = 'id'; Typ = 'Integer' }) } -Downgrade { }).Revision").Output.Single().ToString();
        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.Contains("'Typ' is not a column setting", error.Exception.Message);
        Assert.Contains(id, error.Exception.Message);
        Assert.Matches(@"\.ps1:\d+", error.Exception.Message);
    }

    [Fact]
    public void ReadingPowerShellRevisionsNeverRunsThem()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        var marker = Path.Combine(session.Directory, "ran.txt");
        var file = Path.Combine(session.Directory, "migrations", "versions", "abc123_side_effect.ps1");
        File.WriteAllText(file, $"# Revision ID: abc123\n# Revises:\n# Message: side effect\n\n[System.IO.File]::WriteAllText('{marker}', 'ran')\n\nfunction Upgrade {{ }}\nfunction Downgrade {{ }}\n");

        session.Run("Get-MigrationRevision; Get-MigrationHistory; Invoke-MigrationUpgrade -WhatIf; (TabExpansion2 'Invoke-MigrationUpgrade ab' 26).CompletionMatches").ShouldSucceed();
        Assert.False(File.Exists(marker));
        Assert.Equal("side effect", session.Run("(Get-MigrationRevision abc123).Message").Output.Single().ToString());

        File.WriteAllText(file, "# Revision ID: abc123\n# Revises:\nfunction Upgrade { }\n");
        var missing = session.Run("Get-MigrationRevision").SingleError;
        Assert.StartsWith("PSMigrate.MissingSection", missing.FullyQualifiedErrorId);
        Assert.Contains("function Downgrade", missing.Exception.Message);
        Assert.Contains(file, missing.Exception.Message);
    }

    [Fact]
    public void KindPowerShellWritesATemplateWithBothFunctions()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        var path = session.Run("(New-MigrationRevision 'template' -Kind PowerShell).Path").Output.Single().ToString()!;
        Assert.EndsWith(".ps1", path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("# Revision ID: ", text);
        Assert.Contains("function Upgrade {", text);
        Assert.Contains("function Downgrade {", text);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();

        var mixed = session.Run("New-MigrationRevision 'mixed' -UpgradeSql 'SELECT 1' -Upgrade { }").SingleError;
        Assert.StartsWith("PSMigrate.MixedRevisionKinds", mixed.FullyQualifiedErrorId);
    }

    private static List<string> Indexes(PowerShellSession session) => session.Db.Provider == Providers.Sqlite
        ? session.Db.Column("SELECT name FROM sqlite_master WHERE type = 'index'")
        : session.Db.Column("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");

    /// <summary>The error of a statement run directly against the test database (empty when it succeeds).</summary>
    private static string Fails(PowerShellSession session, string sql)
    {
        var script = session.Db.Provider == Providers.Sqlite
            ? "$c = (Get-ModuleType 'Microsoft.Data.Sqlite' 'Microsoft.Data.Sqlite.SqliteConnection')::new(\"Data Source=$db;Pooling=False\")"
            : "$c = (Get-ModuleType 'Npgsql' 'Npgsql.NpgsqlConnection')::new($db + ';Pooling=false')";
        var result = session.Run(script + """

            $c.Open()
            try { $cmd = $c.CreateCommand(); $cmd.CommandText = $sql; $null = $cmd.ExecuteNonQuery(); '' }
            catch { $_.Exception.InnerException.Message }
            finally { $c.Dispose() }
            """, new Dictionary<string, object?> { ["db"] = Target(session), ["sql"] = sql });
        result.ShouldSucceed();
        return result.Output.Single()?.ToString() ?? string.Empty;
    }

    private static string Insert(PowerShellSession session, string insert, string query)
    {
        Assert.Empty(Fails(session, insert));
        return query;
    }

    private static string Target(PowerShellSession session) =>
        session.Db is SqliteTestDatabase sqlite ? sqlite.Path : session.Db.ConnectionString;

    private static void AssertData(PowerShellSession session)
    {
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], session.Db.Column("SELECT name FROM employees ORDER BY id"));
        var department = Assert.Single(session.Db.Query("SELECT name, location FROM departments"));
        Assert.Equal("Research", department.Properties["name"].Value);
        Assert.Equal("Building 1", department.Properties["location"].Value);
    }
}
