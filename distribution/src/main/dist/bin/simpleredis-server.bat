@echo off
rem Starts a simpleredis server in the foreground; Ctrl-C stops it cleanly.
rem
rem   simpleredis-server.bat [-Dsimpleredis.<name>=<value> ...] [other JVM options]
rem
rem Settings: conf\simpleredis.conf (or the file SIMPLEREDIS_CONF names), then JAVA_OPTS, then
rem the arguments; for the same setting the later one wins. Relative paths, such as the default
rem data directory .\data, are relative to the current directory.
rem Java 21 or newer, from JAVA_HOME, else java on PATH.
rem Class path: conf\ (simplelogger.properties), lib\*, plugins\* (engine jars for ServiceLoader).

setlocal DisableDelayedExpansion
set "SIMPLEREDIS_HOME=%~dp0.."

if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java"
)
rem 'openjdk full version "21.0.2+13-58"': the second token between . - _ and quotes is 21.
set "JAVA_MAJOR="
for /f tokens^=2^ delims^=.-_+^" %%j in ('"%JAVA_EXE%" -fullversion 2^>^&1') do set "JAVA_MAJOR=%%j"
if not defined JAVA_MAJOR goto nojava
if %JAVA_MAJOR% LSS 21 goto nojava

set "CONF_FILE=%SIMPLEREDIS_HOME%\conf\simpleredis.conf"
if defined SIMPLEREDIS_CONF set "CONF_FILE=%SIMPLEREDIS_CONF%"
if defined SIMPLEREDIS_CONF if not exist "%CONF_FILE%" (
  echo simpleredis-server: cannot read SIMPLEREDIS_CONF=%CONF_FILE% 1>&2
  exit /b 1
)
set "CONF_OPTS="
if exist "%CONF_FILE%" (
  for /f "usebackq eol=# tokens=*" %%l in ("%CONF_FILE%") do call :addconf "%%l"
)

rem The heap defaults to half the memory, as in bin/simpleredis-server; JAVA_OPTS and the
rem arguments come after it, so that their -Xmx wins.
set "DEFAULT_JVM_OPTS=-XX:MaxRAMPercentage=50"
rem Native access: engine libraries load native code (MapDB's LZ4), which newer JDKs warn about.
"%JAVA_EXE%" %DEFAULT_JVM_OPTS% --enable-native-access=ALL-UNNAMED -cp "%SIMPLEREDIS_HOME%\conf;%SIMPLEREDIS_HOME%\lib\*;%SIMPLEREDIS_HOME%\plugins\*" %CONF_OPTS% %JAVA_OPTS% %* dev.simpleredis.server.Main
exit /b %ERRORLEVEL%

:nojava
if defined JAVA_MAJOR (set "FOUND=Java %JAVA_MAJOR%") else (set "FOUND=no usable java")
echo simpleredis-server: Java 21 or newer is required; found %FOUND% at "%JAVA_EXE%". Install a JDK 21+ or set JAVA_HOME to one. 1>&2
exit /b 1

rem Adds one "name=value" line of the conf file as a -D option.
:addconf
set "CONF_OPTS=%CONF_OPTS% "-D%~1""
goto :eof
