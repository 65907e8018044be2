namespace PSMigrate.Module.Tests;

/// <summary>
/// A known password must never show on any stream, in any error, in the history table or in
/// an offline script, whether it came in a connection string, -Credential, or a config file.
/// </summary>
public sealed class SecretTests
{
    private static readonly string Password = "Pa55-" + Guid.NewGuid().ToString("N")[..12] + "-word";

    private const string Everything = """
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
        Invoke-MigrationUpgrade @connection -Script
        Invoke-MigrationUpgrade @connection
        Get-MigrationHistory @connection
        Get-MigrationHistory @connection -Log
        Test-Migration @connection
        Undo-Migration @connection -Force
        Set-MigrationVersion head @connection -Confirm:$false
        """;

    [PostgresFact]
    public void PasswordGivenWithCredentialNeverAppears()
    {
        using var session = new PowerShellSession(Providers.PostgreSql);
        var role = "psm_role_" + Guid.NewGuid().ToString("N")[..8];
        var database = session.Db.Column("SELECT current_database()").Single();
        Admin(session, $"CREATE ROLE {role} LOGIN PASSWORD '{Password}'");
        Admin(session, $"ALTER DATABASE {database} OWNER TO {role}");
        try
        {
            session.Initialise();
            session.Run("New-MigrationRevision 'role' -UpgradeSql $u -DowngradeSql 'SELECT 1'",
                new Dictionary<string, object?> { ["u"] = $"CREATE TABLE secrets_demo (id INTEGER);\nCOMMENT ON TABLE secrets_demo IS 'demo';" }).ShouldSucceed();
            var withoutPassword = session.Run("$b = (Get-ModuleType 'Npgsql' 'Npgsql.NpgsqlConnectionStringBuilder')::new($cs); $b.Username = 'nobody'; $b.Password = $null; $b.ConnectionString",
                new Dictionary<string, object?> { ["cs"] = session.Db.ConnectionString }).Output.Single().ToString();
            Assert.DoesNotContain(Password, withoutPassword);

            var variables = new Dictionary<string, object?> { ["cs"] = withoutPassword, ["user"] = role, ["pw"] = Password };
            var run = session.Run("""
                $credential = [pscredential]::new($user, [System.Net.NetworkCredential]::new('', $pw).SecurePassword)
                $connection = @{ ConnectionString = $cs; Credential = $credential }

                """ + Everything, variables);
            run.ShouldSucceed();
            Assert.NotEmpty(run.Output);
            Assert.DoesNotContain(Password, run.EverythingVisible());
            Assert.Contains(role, session.Db.Column("SELECT DISTINCT tableowner FROM pg_tables WHERE tablename = 'psmigrate_version'"));

            var wrong = session.Run("""
                $credential = [pscredential]::new($user, [System.Net.NetworkCredential]::new('', $pw + 'x').SecurePassword)
                Invoke-MigrationUpgrade -ConnectionString $cs -Credential $credential -Verbose
                """, variables);
            Assert.StartsWith("PSMigrate.ConnectionFailed", wrong.SingleError.FullyQualifiedErrorId);
            Assert.DoesNotContain(Password, wrong.EverythingVisible());

            var inline = session.Run("Invoke-MigrationUpgrade -ConnectionString ($cs + ';Username=' + $user + ';Password=' + $pw + 'x') -Verbose", variables);
            Assert.NotNull(inline.SingleError);
            Assert.DoesNotContain(Password, inline.EverythingVisible());

            Assert.DoesNotContain(session.Db.Query("SELECT * FROM psmigrate_history"), row => row.ToString()!.Contains(Password));
        }
        finally
        {
            session.Db.Dispose();
            Admin(session, $"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public void PasswordFromAConfigFileEnvironmentReferenceNeverAppears()
    {
        using var session = new PowerShellSession();
        var variable = "PSMIGRATE_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, Password);
        try
        {
            session.Run("Initialize-Migration -ConnectionString $cs", new Dictionary<string, object?> { ["cs"] = $"Data Source=app.db;Password=$env:{variable}" }).ShouldSucceed();
            session.Run("New-MigrationRevision 'one' -UpgradeSql 'CREATE TABLE one (id INTEGER)' -DowngradeSql 'DROP TABLE one'").ShouldSucceed();
            Assert.DoesNotContain(Password, File.ReadAllText(Path.Combine(session.Directory, "migrations", "psmigrate.psd1")));

            // The bundled SQLite has no encryption, so a password makes every connection fail: the errors must not show it.
            var run = session.Run("$connection = @{}\n" + Everything);
            Assert.NotEmpty(run.AllErrors);
            Assert.Contains(run.AllErrors, e => e.Exception.Message.Contains("*****"));
            Assert.DoesNotContain(Password, run.EverythingVisible());

            var script = session.Run("Invoke-MigrationUpgrade -Script -From base -Verbose");
            script.ShouldSucceed();
            Assert.DoesNotContain(Password, script.EverythingVisible());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void MissingEnvironmentVariableInTheConfigFileIsNamed()
    {
        using var session = new PowerShellSession();
        session.Run("Initialize-Migration -ConnectionString 'Data Source=$env:PSMIGRATE_TEST_NOT_SET_ANYWHERE'").ShouldSucceed();
        var error = session.Run("Get-MigrationHistory").SingleError;
        Assert.StartsWith("PSMigrate.EnvironmentVariableNotSet", error.FullyQualifiedErrorId);
        Assert.Contains("$env:PSMIGRATE_TEST_NOT_SET_ANYWHERE", error.Exception.Message);
        Assert.Contains("psmigrate.psd1", error.Exception.Message);
    }

    [Fact]
    public void PasswordLiteralsInStatementsAreHiddenFromVerboseOutput()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'trigger' -UpgradeSql $u -DowngradeSql 'DROP TABLE t'",
            new Dictionary<string, object?> { ["u"] = $"CREATE TABLE t (note TEXT);\nINSERT INTO t VALUES ('x'); -- ALTER ROLE app PASSWORD '{Password}'\nSELECT 'PASSWORD ''{Password}''';" }).ShouldSucceed();
        var run = session.Run("Invoke-MigrationUpgrade -Verbose");
        run.ShouldSucceed();
        Assert.Contains(run.Verbose, v => v.Contains("PASSWORD '*****'"));
        Assert.DoesNotContain(Password, string.Join("\n", run.Verbose));
    }

    private static void Admin(PowerShellSession session, string sql) =>
        session.Run("Invoke-TestPgQuery -ConnectionString $cs -Sql $sql",
            new Dictionary<string, object?> { ["cs"] = Providers.PostgresAdmin, ["sql"] = sql }).ShouldSucceed();
}
