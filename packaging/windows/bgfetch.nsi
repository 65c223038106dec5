; The Windows installer: makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSTAGE=dir -DOUTFILE=setup.exe
; (`make package` runs it). STAGE holds bgfetch.exe (the window, -H windowsgui), bgfetch-cli.exe (the
; headless verbs, a console program), bgfetch.ico, LICENSE.txt and THIRD_PARTY_NOTICES.txt (installed
; beside the exe).
;
; Per user, like most developer tools: no administrator rights or UAC prompt, installed to
; %LOCALAPPDATA%\Programs\BgFetch DevTools, a Start-menu entry for this user, and an uninstaller listed
; in Settings > Apps. The uninstaller leaves the user's data (%AppData%\bgfetch) alone.
;
; Neither replaces nor removes a running copy: every bgfetch.exe and bgfetch-cli.exe holds the mutex
; "dev.bgfetch.devtools.running" while it runs (running_windows.go), and .onInit / un.onInit ask the
; user to close it (Retry / Cancel). Silent (/S), they give up at once: exit code 2.
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!define APPNAME "BgFetch DevTools"
!define APPID "dev.bgfetch.devtools"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "Software\${APPID}" "InstallDir"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=1033 "CompanyName" "BgFetch"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Copyright (c) 2026 The BgFetch DevTools authors. MIT License."

!include "MUI2.nsh"
!define MUI_ICON "${STAGE}\bgfetch.ico"
!define MUI_UNICON "${STAGE}\bgfetch.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\bgfetch.exe"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString running ${LANG_ENGLISH} "${APPNAME} is running. Close its window and any bgfetch-cli.exe (a running bgfetch verb), then click Retry."
LangString running ${LANG_SIMPCHINESE} "${APPNAME} 正在运行。请关闭它的窗口和所有 bgfetch-cli.exe（正在运行的 bgfetch 命令），然后点击“重试”。"

; REFUSE_IF_RUNNING: while the program's mutex exists, Retry asks again and Cancel (or /S) quits.
!macro REFUSE_IF_RUNNING
  check_running:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${APPID}.running") i .r0'
    StrCmp $0 0 not_running
    System::Call 'kernel32::CloseHandle(i r0)'
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(running)" /SD IDCANCEL IDRETRY check_running
    SetErrorLevel 2
    Quit
  not_running:
!macroend

Function .onInit
  !insertmacro REFUSE_IF_RUNNING
FunctionEnd

Function un.onInit
  !insertmacro REFUSE_IF_RUNNING
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File "${STAGE}\bgfetch.exe"
  File "${STAGE}\bgfetch-cli.exe"
  File "${STAGE}\LICENSE.txt"
  File "${STAGE}\THIRD_PARTY_NOTICES.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\bgfetch.exe" "" "$INSTDIR\bgfetch.exe" 0

  WriteRegStr HKCU "Software\${APPID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "BgFetch"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\bgfetch.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  SectionGetSize 0 $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$INSTDIR\bgfetch.exe"
  Delete "$INSTDIR\bgfetch-cli.exe"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\THIRD_PARTY_NOTICES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APPID}"
SectionEnd
