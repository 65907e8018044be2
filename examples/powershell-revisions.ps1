#Requires -Version 7.6
<#
.SYNOPSIS
    Revisions written in PowerShell: portable operations, seed data from a CSV file, and a
    SQLite-only change done by rebuilding the table, all in one transaction per revision.
.DESCRIPTION
    Works in a new temporary folder (or -WorkingDirectory) on SQLite; pass -Provider and
    -ConnectionString to run the same revisions on PostgreSQL or SQL Server.
#>
param(
    [string] $WorkingDirectory = [System.IO.Path]::Combine(
        [System.IO.Path]::GetTempPath(), 'psmigrate-ps-revisions-' + [guid]::NewGuid().ToString('N').Substring(0, 8)),
    [ValidateSet('Sqlite', 'PostgreSql', 'SqlServer')]
    [string] $Provider = 'Sqlite',
    [string] $ConnectionString = 'Data Source=app.db'
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSMigrate)) {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))
}

$migrations = [System.IO.Path]::Combine($WorkingDirectory, 'migrations')
Initialize-Migration -Path $migrations -Provider $Provider -ConnectionString $ConnectionString | Out-Null

# Seed data kept beside the revisions; a revision finds it through $PSScriptRoot.
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($migrations, 'versions', 'departments.csv'),
    "id,name`n1,Research`n2,Operations`n")

$null = New-MigrationRevision -Path $migrations -Message 'departments with seed data' -Upgrade {
    New-MigrationTable departments @(
        @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
        @{ Name = 'name'; Type = 'String'; Length = 80; Nullable = $false }
    )
    # Import-Csv would do; splitting lines keeps this example to core cmdlets.
    [System.IO.File]::ReadAllLines([System.IO.Path]::Combine($PSScriptRoot, 'departments.csv')) |
        Where-Object { $_ -and $_ -ne 'id,name' } |
        ForEach-Object { $id, $name = $_ -split ','; @{ id = [int] $id; name = $name } } |
        Add-MigrationRow departments
} -Downgrade {
    Remove-MigrationTable departments
}

$null = New-MigrationRevision -Path $migrations -Message 'employees in departments' -Upgrade {
    New-MigrationTable employees @(
        @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true }
        @{ Name = 'name'; Type = 'String'; Length = 80 }
        @{ Name = 'department_id'; Type = 'Integer' }
    )
    Add-MigrationRow employees @(@{ id = 1; name = 'Ada'; department_id = 1 }, @{ id = 2; name = 'Grace'; department_id = 2 })
    New-MigrationIndex employees ix_employees_department department_id
    # On SQLite these two rebuild the table; rows, the index and the foreign key survive.
    Add-MigrationConstraint employees fk_employees_department -ForeignKey department_id -References departments -ReferencedColumn id
    Set-MigrationColumn employees name -Type String -Length 120 -Nullable $false
} -Downgrade {
    Remove-MigrationTable employees
}

# The SQL these revisions become on this database, for review; nothing runs.
$script = Invoke-MigrationUpgrade -Path $migrations -Script -From base

# Apply them: one result per revision.
Invoke-MigrationUpgrade -Path $migrations

[pscustomobject]@{
    Revisions  = @(Get-MigrationHistory -Path $migrations | Where-Object IsApplied).Count
    ScriptSize = ($script -join "`n").Length
    Folder     = $migrations
}
