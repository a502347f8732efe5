; VisitDesk installer for Windows 10 and 11 (x64), made with Inno Setup 6.
;
; Build the app first, then the installer (packaging\build-windows.ps1 does both):
;   py -3.11 packaging\build.py
;   iscc /DAppVersion=0.1.0 packaging\windows\visitdesk.iss
; The installer is written to dist\VisitDesk-VERSION-windows-x64-setup.exe.
;
; It installs for every user of the computer, in Program Files, and needs administrator rights.
; Installing a newer version over an older one replaces the program files only. Uninstalling
; removes the program files only: each user's data, in %LOCALAPPDATA%\VisitDesk, is never
; touched by installing, upgrading or uninstalling.
;
; Silent install, for deployment tools:   VisitDesk-VERSION-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
; Silent uninstall:                        "%ProgramFiles%\VisitDesk\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=0.1.0 packaging\windows\visitdesk.iss
#endif
#define AppName "VisitDesk"
#define AppExe "VisitDesk.exe"
#define Built "..\..\dist\VisitDesk"

[Setup]
; The AppId ties every version together so that a new one upgrades the old. Never change it.
AppId={{BDAFF454-99C0-4082-B832-C47480A24878}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-machine only: one copy in Program Files for every user, installed by an administrator.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\visitdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Ask a running VisitDesk to close before files are replaced; its drafts are already saved.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale, so files an older version shipped and a
; newer one does not cannot linger and be loaded by mistake.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Built}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Statutory visit records"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. Users' data (%LOCALAPPDATA%\VisitDesk) is deliberately not listed.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
