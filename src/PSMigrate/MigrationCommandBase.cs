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

    /// <summary>
    /// The folder -Path names. A file inside it (a revision's Path, bound from the pipeline)
    /// names its folder too: versions/x.sql belongs to the folder above versions/.
    /// </summary>
    protected MigrationProject Project()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path))
        {
            var folder = new FileInfo(path).Directory!;
            path = folder.Name == MigrationProject.VersionsFolderName && folder.Parent is not null ? folder.Parent.FullName : folder.FullName;
        }

        return MigrationProject.At(path);
    }

    protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    /// <summary>
    /// Cmdlets that change a database stop the whole script on failure, as 'throw' does, so a
    /// deployment script cannot carry on past a failed migration and 'pwsh -File' exits non-zero.
    /// </summary>
    protected virtual bool StopsScriptOnError => false;

    protected sealed override void ProcessRecord() => Guarded(Process);

    protected abstract void Process();

    protected void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (MigrationException error)
        {
            Fail(MigrationErrors.ToErrorRecord(error));
        }
        catch (IOException error)
        {
            Fail(MigrationErrors.FromSystem(error, "FileAccessFailed", Path));
        }
        catch (UnauthorizedAccessException error)
        {
            Fail(MigrationErrors.FromSystem(error, "FileAccessDenied", Path));
        }
    }

    private void Fail(ErrorRecord record)
    {
        if (StopsScriptOnError)
        {
            throw new RuntimeException(record.Exception.Message, record.Exception, record) { WasThrownFromThrowStatement = true };
        }

        ThrowTerminatingError(record);
    }
}
