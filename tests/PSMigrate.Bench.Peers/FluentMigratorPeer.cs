using FluentMigrator;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace PSMigrate.Bench.Peers;

/// <summary>
/// FluentMigrator: migrations are classes; the benchmark's N revisions are N instances of one
/// class given to the runner by a loader of its own (FluentMigrator finds classes by attribute).
/// </summary>
public static class FluentMigratorPeer
{
    public static bool Run(string provider, string operation, string connectionString, int count)
    {
        var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (provider == "sqlite")
                {
                    runner.AddSQLite();
                }
                else
                {
                    runner.AddPostgres();
                }

                runner.WithGlobalConnectionString(connectionString);
            })
            .AddScoped<IMigrationInformationLoader>(_ => new Loader(count))
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        switch (operation)
        {
            case "up":
            case "noop":
                runner.MigrateUp();
                break;
            case "down":
                runner.MigrateDown(0);
                break;
            default:
                _ = scope.ServiceProvider.GetRequiredService<IVersionLoader>().VersionInfo.AppliedMigrations().Count();
                break;
        }

        return true;
    }

    private sealed class Loader(int count) : IMigrationInformationLoader
    {
        public SortedList<long, IMigrationInfo> LoadMigrations()
        {
            var list = new SortedList<long, IMigrationInfo>();
            for (var i = 1; i <= count; i++)
            {
                list.Add(i, new MigrationInfo(i, TransactionBehavior.Default, new TableAndIndex(i)));
            }

            return list;
        }
    }

    private sealed class TableAndIndex(int i) : Migration
    {
        public override void Up()
        {
            Execute.Sql($"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT)");
            Execute.Sql($"CREATE INDEX ix_t{i} ON t{i} (name)");
        }

        public override void Down() => Execute.Sql(Workload.Down(i).TrimEnd(';'));
    }
}
