using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>What every PSMigrate cmdlet shares: the migrations folder, stopping, and engine errors as ErrorRecords.</summary>
public abstract class MigrationCommandBase : PSCmdlet
{
    private readonly CancellationTokenSource stopping = new();

    /// <summary>The migrations folder (holding psmigrate.psd1 and versions/), relative to the current location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public virtual string Path { get; set; } = "migrations";

    /// <summary>Cancelled when the user presses Ctrl+C (PowerShell.Stop()): the running statement is cancelled on the server.</summary>
    protected CancellationToken StopRequested => stopping.Token;

    /// <summary>
    /// The folder -Path names, which must exist. A file inside it (a revision's Path, bound from
    /// the pipeline) names its folder too: versions/x.sql belongs to the folder above versions/.
    /// </summary>
    protected MigrationProject Project(bool mustExist = true)
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path))
        {
            var folder = new FileInfo(path).Directory!;
            path = folder.Name == MigrationProject.VersionsFolderName && folder.Parent is not null ? folder.Parent.FullName : folder.FullName;
        }
        else if (mustExist && !Directory.Exists(path))
        {
            throw new MigrationException(MigrationErrors.MigrationsFolderNotFound,
                $"The migrations folder {path} does not exist; create it with 'Initialize-Migration {Path}', or pass -Path to the folder that holds psmigrate.psd1.",
                path) { FilePath = path };
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

    protected override void StopProcessing() => stopping.Cancel();

    protected void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (MigrationException error)
        {
            Fail(ErrorRecords.From(error));
        }
        catch (IOException error)
        {
            Fail(ErrorRecords.From(MigrationErrors.FileAccessFailed, error, Path));
        }
        catch (UnauthorizedAccessException error)
        {
            Fail(ErrorRecords.From(MigrationErrors.FileAccessDenied, error, Path));
        }
    }

    /// <summary>
    /// A failure as the cmdlet's own error (its name in the message, an id ending in the command,
    /// -ErrorVariable filled). For cmdlets that change a database it stops the script unless the
    /// caller chose otherwise with -ErrorAction: it is written under the Stop preference, which
    /// PowerShell turns into a script-terminating error that try/catch catches.
    /// </summary>
    private void Fail(ErrorRecord record)
    {
        if (!StopsScriptOnError)
        {
            ThrowTerminatingError(record);
        }

        if (MyInvocation.BoundParameters.ContainsKey("ErrorAction"))
        {
            WriteError(record);
            return;
        }

        WithPreference("ErrorActionPreference", ActionPreference.Stop, () => WriteError(record));
    }

    /// <summary>
    /// Runs an action with a preference variable set for this cmdlet only, restoring the caller's
    /// scope exactly (no local copy is left behind when the value was inherited).
    /// </summary>
    protected void WithPreference(string name, ActionPreference value, Action action)
    {
        var variables = SessionState.PSVariable;
        var before = variables.Get(name);
        var previous = before?.Value;
        variables.Set(name, value);
        var created = !ReferenceEquals(before, variables.Get(name));
        try
        {
            action();
        }
        finally
        {
            if (created)
            {
                variables.Remove(name);
            }
            else
            {
                variables.Set(name, previous);
            }
        }
    }

    /// <summary>
    /// A message on the information stream that shows by default, as Write-Host's do; only
    /// -InformationAction quiets it.
    /// </summary>
    protected void Inform(string message)
    {
        var record = new HostInformationMessage { Message = message };
        if (MyInvocation.BoundParameters.ContainsKey("InformationAction"))
        {
            WriteInformation(record, ["PSHOST", "PSMigrate"]);
            return;
        }

        WithPreference("InformationPreference", ActionPreference.Continue, () => WriteInformation(record, ["PSHOST", "PSMigrate"]));
    }
}
