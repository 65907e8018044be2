# Shared by the *.Tests.ps1 files: dot-source it in BeforeAll.
# Uses only core cmdlets and .NET, so the suite also runs in the xunit host (see README).

$script:ModuleManifest = if ($env:PSMIGRATE_MODULE) { $env:PSMIGRATE_MODULE } else {
    [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))
}
if (-not (Get-Module PSMigrate)) { Import-Module $script:ModuleManifest }

# The tutorial: five revisions in a new folder with a SQLite database beside it.
function New-TutorialProject {
    $root = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'psmigrate-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $path = [System.IO.Path]::Combine($root, 'migrations')
    $null = Initialize-Migration -Path $path
    $steps = @(
        , @('create employees', "CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);", 'DROP TABLE employees;')
        , @('add employee rows', "INSERT INTO employees (id, name, email) VALUES (1, 'Ada Lovelace', 'ada@example.com');`nINSERT INTO employees (id, name, email) VALUES (2, 'Grace Hopper', 'grace@example.com');", "DELETE FROM employees WHERE id IN (1, 2);")
        , @('add department', "CREATE TABLE department (id INTEGER PRIMARY KEY, name TEXT NOT NULL, address TEXT);", 'DROP TABLE department;')
        , @('rename department to departments', 'ALTER TABLE department RENAME TO departments;', 'ALTER TABLE departments RENAME TO department;')
        , @('rename address to location', 'ALTER TABLE departments RENAME COLUMN address TO location;', 'ALTER TABLE departments RENAME COLUMN location TO address;')
    )
    $ids = foreach ($step in $steps) {
        (New-MigrationRevision -Path $path -Message $step[0] -UpgradeSql $step[1] -DowngradeSql $step[2]).Revision
    }

    [pscustomobject]@{
        Root     = $root
        Path     = $path
        Database = [System.IO.Path]::Combine($path, 'app.db')
        Ids      = @($ids)
    }
}

function Remove-TutorialProject($Project) {
    if ($Project -and [System.IO.Directory]::Exists($Project.Root)) {
        [System.IO.Directory]::Delete($Project.Root, $true)
    }
}

# Rows of a query on the SQLite file, read with the module's own driver (it lives in the
# module's load context, so the type is taken from there).
function Invoke-TestQuery([string] $Database, [string] $Sql) {
    $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'PSMigrate'
    $type = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('Microsoft.Data.Sqlite')).GetType('Microsoft.Data.Sqlite.SqliteConnection', $true)
    $connection = $type::new("Data Source=$Database;Mode=ReadOnly;Pooling=False")
    $connection.Open()
    try {
        $command = $connection.CreateCommand()
        $command.CommandText = $Sql
        $reader = $command.ExecuteReader()
        while ($reader.Read()) { $reader.GetValue(0) }
        $reader.Dispose()
    }
    finally { $connection.Dispose() }
}

function Get-TestTables([string] $Database) {
    @(Invoke-TestQuery $Database "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'psmigrate%' AND name NOT LIKE 'sqlite%' ORDER BY name")
}

function Get-TestHeads([string] $Database) {
    @(Invoke-TestQuery $Database 'SELECT version_num FROM psmigrate_version ORDER BY version_num')
}
