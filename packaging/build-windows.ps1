# Build the Windows app and its installer:
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
# Needs Python 3.11 x64 (the py launcher) and Inno Setup 6 (set ISCC to its ISCC.exe if it is
# not in the usual place). Writes dist\VisitDesk\ and dist\VisitDesk-VERSION-windows-x64-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

py -3.11 packaging\build.py
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

$version = (Select-String -Path visitdesk\__init__.py -Pattern '^__version__ = "(.+)"').Matches[0].Groups[1].Value
$iscc = if ($env:ISCC) { $env:ISCC } else { Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\visitdesk.iss
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

# A first check of the built app; packaging\README.md lists the rest.
& dist\VisitDesk\visitdesk-cli.exe --version
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dist\VisitDesk\visitdesk-cli.exe policies
exit $LASTEXITCODE
