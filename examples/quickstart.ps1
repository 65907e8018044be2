#Requires -Version 7.6
<#
.SYNOPSIS
    PSMigrate in one minute: a migrations folder, two revisions, upgrade, history, undo, on SQLite.
.DESCRIPTION
    Works in a new temporary folder (or -WorkingDirectory) and leaves it there so you can look
    at the revision files and app.db afterwards. Each step's objects go to Out-Host on their
    own, so each shows as its own table (objects of several types in one output stream would
    make PowerShell print all but the first type as lists). Uses only core cmdlets, so it also
    runs in the test suite's hosted PowerShell engine.
#>
param(
    [string] $WorkingDirectory = [System.IO.Path]::Combine(
        [System.IO.Path]::GetTempPath(), 'psmigrate-quickstart-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
)

$ErrorActionPreference = 'Stop'
Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))

$migrations = [System.IO.Path]::Combine($WorkingDirectory, 'migrations')

# 1. A migrations folder with psmigrate.psd1 (SQLite file app.db beside it) and versions/.
Initialize-Migration -Path $migrations | Out-Null

# 2. Two revisions. Each is a .sql file in versions/ with an upgrade and a downgrade section.
$null = New-MigrationRevision -Path $migrations -Message 'create employees' -UpgradeSql @'
CREATE TABLE employees (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT UNIQUE
);
'@ -DowngradeSql 'DROP TABLE employees;'

$null = New-MigrationRevision -Path $migrations -Message 'add department' -UpgradeSql @'
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
ALTER TABLE employees ADD COLUMN department_id INTEGER REFERENCES departments (id);
'@ -DowngradeSql @'
ALTER TABLE employees DROP COLUMN department_id;
DROP TABLE departments;
'@

# 3. Upgrade to head: one result object per revision, written as each one commits.
'Upgrade to head:' | Out-Host
Invoke-MigrationUpgrade -Path $migrations | Out-Host

# 4. Where the database stands, newest revision first (* marks the current revision).
'History:' | Out-Host
Get-MigrationHistory -Path $migrations | Out-Host

# 5. Roll the last revision back (-Force: no prompt, as in an unattended run).
'Undo the last revision:' | Out-Host
Undo-Migration -Path $migrations -Force | Out-Host

'Now current:' | Out-Host
Get-MigrationHistory -Path $migrations | Where-Object IsCurrent | Out-Host

"Quickstart finished in $WorkingDirectory"
