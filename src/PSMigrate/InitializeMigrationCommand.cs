using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>Creates a migrations folder: psmigrate.psd1 (commented) and an empty versions/ folder.</summary>
[Cmdlet(VerbsData.Initialize, "Migration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MigrationFolder))]
public sealed class InitializeMigrationCommand : MigrationCommandBase
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public override string Path { get; set; } = "migrations";

    [Parameter]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Written into the config file; defaults to a SQLite file app.db beside it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    /// <summary>Overwrites an existing config file; revision files are never touched.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process()
    {
        var project = Project(mustExist: false);
        if (!ShouldProcess(project.Directory, "Create migrations folder and psmigrate.psd1"))
        {
            return;
        }

        var connectionString = ConnectionString ?? MigrationProject.DefaultConnectionString(Provider.ToEngine());
        project.Initialise(Provider.ToEngine(), connectionString, Force);
        WriteObject(new MigrationFolder(project.Directory, project.ConfigPath, project.VersionsDirectory, Provider));
    }
}

