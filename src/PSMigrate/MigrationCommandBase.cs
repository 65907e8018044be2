using System.Management.Automation;
using PSMigrate.Engine;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>What every PSMigrate cmdlet shares: the migrations folder, and engine errors as ErrorRecords.</summary>
public abstract class MigrationCommandBase : PSCmdlet
{
    /// <summary>The migrations folder (holding psmigrate.psd1 and versions/), relative to the current location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public virtual string Path { get; set; } = "migrations";

    protected MigrationProject Project() =>
        MigrationProject.At(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));

    protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    protected sealed override void ProcessRecord()
    {
        try
        {
            Process();
        }
        catch (MigrationException error)
        {
            ThrowTerminatingError(MigrationErrors.ToErrorRecord(error));
        }
        catch (IOException error)
        {
            ThrowTerminatingError(MigrationErrors.FromSystem(error, "FileAccessFailed", Path));
        }
        catch (UnauthorizedAccessException error)
        {
            ThrowTerminatingError(MigrationErrors.FromSystem(error, "FileAccessDenied", Path));
        }
    }

    protected abstract void Process();
}
