namespace PSMigrate.Module.Tests;

/// <summary>Says plainly when the PostgreSQL tests did not run, and fails in CI if they could not.</summary>
public sealed class PostgresServerTests
{
    [PostgresFact]
    public void PostgresServerIsConfiguredSoThePostgresTestsRun()
    {
        Assert.True(Providers.PostgresAdmin is not null,
            $"{Providers.RequireVariable} is set but {Providers.ServerVariable} is not: the PostgreSQL tests cannot run.");
        using var session = new PowerShellSession(Providers.PostgreSql);
        Assert.StartsWith("PostgreSQL", session.Db.Column("SELECT version()").Single());
    }

    [PostgresFact]
    public void NoConnectionIsLeftOpenWhenACommandEndsSoTheDatabaseCanBeDropped()
    {
        using var session = new PowerShellSession(Providers.PostgreSql);
        TutorialRevisions.Create(session);
        var database = (PostgresTestDatabase)session.Db;
        foreach (var command in new[] { "Invoke-MigrationUpgrade", "Get-MigrationHistory", "Test-Migration", "Undo-Migration -Force", "Set-MigrationVersion head -Force" })
        {
            session.Run(command).ShouldSucceed();

            // A closed connection's server process ends a moment after the client said goodbye; under
            // load (other tests' databases) that moment can be longer than one query. A pooled, still
            // open connection never goes away, so waiting a little cannot hide one.
            var open = database.OpenConnections();
            for (var wait = 0; open > 0 && wait < 20; wait++)
            {
                Thread.Sleep(100);
                open = database.OpenConnections();
            }

            Assert.True(open == 0, $"{command} left a connection open to {database.Name}");
        }
    }
}

/// <summary>Skipped, with the reason, when no PostgreSQL server is configured and none is required.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!Providers.PostgresReachable)
        {
            Skip = Providers.PostgresSkipReason;
        }
    }
}
