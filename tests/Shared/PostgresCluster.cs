using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Tests.Shared;

/// <summary>
/// A real PostgreSQL server (the Debian <c>postgresql</c> package) on a loopback port, in its own temporary directory, for tests
/// of PostgreSQL storage. Tests that need only an empty database take one from <see cref="Shared"/>; tests that kill, promote or
/// stop servers start their own with <see cref="Start"/> and dispose it. Durability settings are the production ones (fsync and
/// synchronous_commit on): only initdb runs with --no-sync.
/// </summary>
/// <remarks>
/// Everything goes through the PostgreSQL command-line tools (initdb, pg_ctl, pg_basebackup, psql), not Npgsql, so that the
/// test projects that compile tests/Shared without referencing Npgsql still build. As root, the server tools run as the
/// <c>postgres</c> user (PostgreSQL refuses to run as root) through runuser. A watchdog shell per cluster stops the server and
/// removes its directory if the test process ends without disposing it (a crash, or a test host killed on timeout).
/// </remarks>
internal sealed partial class PostgresCluster : IDisposable
{
    private const string PostgresUser = "postgres";
    private const string DefaultDatabase = "cgf";
    private const string StandbyName = "standby1";
    private const string Runuser = "/usr/sbin/runuser";
    private const string Chown = "/bin/chown";
    private const string Kill = "/bin/kill";
    private const string Shell = "/bin/sh";
    private const string Setsid = "/usr/bin/setsid";
    private const string Ipcrm = "/usr/bin/ipcrm";
    private const int StartAttempts = 3;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> BinDirectory = new(FindBinDirectory);
    private static readonly Lazy<string?> Missing = new(FindMissingReason);
    private static readonly Lazy<PostgresCluster> SharedCluster = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _root;
    private readonly List<PostgresCluster> _standbys = [];
    private readonly object _gate = new();
    private bool _running;
    private bool _disposed;

    private PostgresCluster(string root, int port)
    {
        _root = root;
        Port = port;
    }

    /// <summary>
    /// Null when PostgreSQL can run here; otherwise why not, in one line naming the Debian package, for
    /// <c>Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason)</c>.
    /// </summary>
    public static string? MissingReason => Missing.Value;

    /// <summary>
    /// One cluster for the whole test process, started on first use and stopped when the process exits; tests take an empty
    /// database of their own from it with <see cref="CreateDatabase"/>. Never kill, stop or promote it.
    /// </summary>
    public static PostgresCluster Shared => SharedCluster.Value;

    public int Port { get; private set; }

    /// <summary>The temporary directory holding the data directory, the server log and the Unix socket.</summary>
    public string RootDirectory => _root;

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Npgsql connection string of the <c>cgf</c> database.</summary>
    public string ConnectionString => ConnectionStringFor(DefaultDatabase);

    /// <summary>The server log so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            try
            {
                using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return $"(no server log: {exception.Message})";
            }
        }
    }

    private string LogFile => Path.Combine(_root, "log");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Creates a new cluster in a temporary directory (initdb), starts it on a free loopback port and creates the database
    /// <c>cgf</c>. <paramref name="settings"/> are postgresql.conf lines appended after the fixture's own
    /// (for example <c>"max_connections = 20"</c>).
    /// </summary>
    public static PostgresCluster Start(params string[] settings)
    {
        var bin = BinDirectory.Value ?? throw new InvalidOperationException(MissingReason);
        var cluster = new PostgresCluster(CreateRootDirectory(), FreePort.Get());
        try
        {
            cluster.RunServerTool(Path.Combine(bin, "initdb"),
                "-D", cluster.DataDirectory, "-U", PostgresUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");

            var configuration = new StringBuilder()
                .AppendLine()
                .AppendLine("# tests/Shared/PostgresCluster.cs")
                .AppendLine("listen_addresses = '127.0.0.1'")
                .AppendLine(CultureInfo.InvariantCulture, $"port = {cluster.Port}")
                .AppendLine(CultureInfo.InvariantCulture, $"unix_socket_directories = '{cluster._root}'")
                .AppendLine("fsync = on")
                .AppendLine("synchronous_commit = on")
                .AppendLine("max_connections = 100")
                .AppendLine("shared_buffers = 128MB")
                .AppendLine("wal_level = replica")
                .AppendLine("max_wal_senders = 5");
            foreach (var setting in settings)
            {
                configuration.AppendLine(setting);
            }

            File.AppendAllText(Path.Combine(cluster.DataDirectory, "postgresql.conf"), configuration.ToString());
            File.AppendAllText(Path.Combine(cluster.DataDirectory, "pg_hba.conf"),
                "\n# tests/Shared/PostgresCluster.cs\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n");

            cluster.StartServer();
            cluster.Psql($"CREATE DATABASE {DefaultDatabase}", "postgres");
            return cluster;
        }
        catch (Exception exception)
        {
            cluster.Dispose();
            throw new InvalidOperationException($"PostgreSQL cluster did not start: {exception.Message}", exception);
        }
    }

    /// <summary><see cref="Start"/> on the thread pool, for async fixtures (IAsyncLifetime).</summary>
    public static Task<PostgresCluster> StartAsync(params string[] settings) => Task.Run(() => Start(settings));

    /// <summary>
    /// A connection string for <paramref name="clusters"/> together (<c>Host=127.0.0.1:p1,127.0.0.1:p2</c>) that opens a
    /// connection only on the one that is primary, as an application configured with a primary and its standby would.
    /// </summary>
    public static string MultiHostConnectionString(params PostgresCluster[] clusters) =>
        MultiHostConnectionString(DefaultDatabase, clusters);

    public static string MultiHostConnectionString(string database, params PostgresCluster[] clusters)
    {
        if (clusters.Length == 0)
            throw new ArgumentException("no cluster", nameof(clusters));
        var hosts = string.Join(',', clusters.Select(cluster => $"127.0.0.1:{cluster.Port}"));
        return $"Host={hosts};Username={PostgresUser};Database={database};Target Session Attributes=primary;Pooling=true";
    }

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={PostgresUser};Database={database};Pooling=true";

    /// <summary>
    /// Creates an empty database (a name of letters, digits and underscores, at most 63 characters) and returns its connection
    /// string; parallel tests each take their own database from one cluster.
    /// </summary>
    public string CreateDatabase(string name)
    {
        if (!DatabaseName().IsMatch(name))
            throw new ArgumentException($"database name '{name}' is not letters, digits and underscores (at most 63)", nameof(name));
        Psql($"CREATE DATABASE \"{name}\"", "postgres");
        return ConnectionStringFor(name);
    }

    /// <summary>
    /// Runs SQL with psql and returns its output: rows one a line, columns separated by '|', no headers. Each call is one
    /// transaction unless the SQL manages its own; statements that cannot run in a transaction (CREATE DATABASE, ALTER SYSTEM)
    /// need a call each.
    /// </summary>
    public string Psql(string sql, string database = DefaultDatabase)
    {
        var psql = Path.Combine(BinDirectory.Value!, "psql");
        var result = ExternalTool.Run(psql,
            ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture),
             "-U", PostgresUser, "-d", database, "-c", sql]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"psql on port {Port} failed: {sql}\n{result.StandardError.Trim()}");
        return result.StandardOutput.TrimEnd('\n');
    }

    /// <summary>
    /// Makes a new cluster a synchronous streaming standby of this one (pg_basebackup -R -X stream, application_name
    /// standby1), starts it, sets synchronous_standby_names on this primary and returns once the primary reports the standby
    /// in sync: from then on a commit acknowledged by the primary is on the standby too. The standby is disposed with this
    /// cluster (disposing it earlier is fine too). One synchronous standby per primary.
    /// </summary>
    public PostgresCluster AddSynchronousStandby()
    {
        lock (_gate)
        {
            if (_standbys.Count > 0)
                throw new InvalidOperationException("this cluster already has its synchronous standby");
        }

        var bin = BinDirectory.Value!;
        var standby = new PostgresCluster(CreateRootDirectory(), FreePort.Get());
        try
        {
            standby.RunServerTool(Path.Combine(bin, "pg_basebackup"),
                "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", PostgresUser,
                "-D", standby.DataDirectory, "-R", "-X", "stream", "-c", "fast");
            File.AppendAllText(Path.Combine(standby.DataDirectory, "postgresql.conf"),
                $"\n# tests/Shared/PostgresCluster.cs: standby\nport = {standby.Port}\nunix_socket_directories = '{standby._root}'\n");
            // After the primary_conninfo pg_basebackup -R wrote: the last setting wins.
            File.AppendAllText(Path.Combine(standby.DataDirectory, "postgresql.auto.conf"),
                $"primary_conninfo = 'host=127.0.0.1 port={Port} user={PostgresUser} application_name={StandbyName}'\n");
            standby.StartServer();
        }
        catch (Exception exception)
        {
            standby.Dispose();
            throw new InvalidOperationException($"PostgreSQL standby did not start: {exception.Message}", exception);
        }

        lock (_gate)
        {
            _standbys.Add(standby);
        }

        // Only now: the standby's copy of the configuration has no synchronous standby, so once promoted it commits alone.
        Psql($"ALTER SYSTEM SET synchronous_standby_names = '{StandbyName}'", "postgres");
        Psql("ALTER SYSTEM SET synchronous_commit = on", "postgres");
        Psql("SELECT pg_reload_conf()", "postgres");
        WaitUntil(() => Psql($"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{StandbyName}'", "postgres") == "sync",
            () => $"the standby on port {standby.Port} to be synchronous\n--- standby log (tail) ---\n{standby.LogTail()}");
        return standby;
    }

    /// <summary>
    /// Machine loss: SIGKILL to the postmaster and all its processes at once (no shutdown checkpoint, no goodbye to the
    /// standby or clients), then waits until the port refuses connections. The data directory stays, for <see cref="Restart"/>.
    /// </summary>
    public void KillPostmaster()
    {
        var postmaster = PostmasterPid() ?? throw new InvalidOperationException($"no postmaster.pid in {DataDirectory}");
        // Stopped, the postmaster forks no new backend while its children are listed. The children go first and all in one
        // kill: a backend that outlived the postmaster by a moment would still tell its client "unexpected postmaster exit".
        RunChecked(Kill, "-STOP", postmaster.ToString(CultureInfo.InvariantCulture));
        var processes = ChildrenOf(postmaster).Append(postmaster).ToList();
        ExternalTool.Run(Kill, ["-KILL", .. processes.Select(pid => pid.ToString(CultureInfo.InvariantCulture))]);

        _running = false;
        WaitUntil(() => processes.All(IsGone) && !AcceptsConnections(Port), () => $"the killed server on port {Port} to be gone");
    }

    /// <summary>
    /// Starts the server again on the same data directory and port after <see cref="KillPostmaster"/> (crash recovery) or
    /// <see cref="Stop"/>.
    /// </summary>
    public void Restart()
    {
        // A killed postmaster's lock files (postmaster.pid, the socket's .lock) are stale, which PostgreSQL sees by their pid
        // being gone; but where pid 1 reaps no orphans (a container) the pid is a zombie that still "exists", and PostgreSQL
        // would refuse to start. After a real machine loss the pid would be gone: remove them, as PostgreSQL itself would.
        if (PostmasterPid() is { } pid && IsGone(pid))
        {
            RemoveStaleSharedMemory();
            File.Delete(Path.Combine(DataDirectory, "postmaster.pid"));
            File.Delete(Path.Combine(_root, $".s.PGSQL.{Port}.lock"));
        }

        StartServer();
    }

    /// <summary>Promotes this standby (pg_ctl promote -w) and returns once it accepts writes.</summary>
    public void Promote()
    {
        RunServerTool(Path.Combine(BinDirectory.Value!, "pg_ctl"), "-D", DataDirectory, "-w", "-t", "60", "promote");
        WaitUntil(() => Psql("SELECT pg_is_in_recovery()", "postgres") == "f", () => $"the promoted standby on port {Port} to leave recovery");
    }

    /// <summary>Clean shutdown (pg_ctl stop -m fast).</summary>
    public void Stop()
    {
        RunServerTool(Path.Combine(BinDirectory.Value!, "pg_ctl"), "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
    }

    /// <summary>Stops the server (fast, else immediate, else SIGKILL) and its standby, and removes the directories.</summary>
    public void Dispose()
    {
        List<PostgresCluster> standbys;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            standbys = [.. _standbys];
        }

        foreach (var standby in standbys)
        {
            standby.Dispose();
        }

        if (_running || (PostmasterPid() is { } pid && !IsGone(pid)))
            StopForGood();
        RemoveStaleSharedMemory();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The watchdog removes it when the test process ends.
        }
    }

    /// <summary>The last lines of the server log.</summary>
    public string LogTail(int lines = 40) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    public override string ToString() => $"PostgreSQL on 127.0.0.1:{Port} ({_root})";

    private static PostgresCluster StartShared()
    {
        var cluster = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Dispose();
        return cluster;
    }

    private static string? FindMissingReason()
    {
        if (BinDirectory.Value is null)
            return "PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb (Debian package postgresql)";
        if (IsRoot && !UserExists(PostgresUser))
            return "PostgreSQL refuses to run as root and there is no postgres user to run it as (Debian package postgresql creates it)";
        return null;
    }

    private static string? FindBinDirectory()
    {
        const string Versions = "/usr/lib/postgresql";
        if (!Directory.Exists(Versions))
            return null;
        return Directory.GetDirectories(Versions)
            .Select(directory => (directory, version: decimal.TryParse(Path.GetFileName(directory), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(entry => entry.version >= 0 && File.Exists(Path.Combine(entry.directory, "bin", "initdb")))
            .OrderByDescending(entry => entry.version)
            .Select(entry => Path.Combine(entry.directory, "bin"))
            .FirstOrDefault();
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

    /// <summary>A fresh temporary directory (mode 0700, as CreateTempSubdirectory makes it) the server user owns, watched by a watchdog.</summary>
    private static string CreateRootDirectory()
    {
        var root = Directory.CreateTempSubdirectory("pg-cluster-").FullName;
        if (IsRoot)
            RunChecked(Chown, $"{PostgresUser}:", root);
        StartWatchdog(root);
        return root;
    }

    /// <summary>
    /// A detached shell (setsid -f: its own session, not a child of the test process) that waits while the test process lives
    /// and the directory exists; if the process ends (or is a zombie nobody reaps) first, it stops the server at once and
    /// removes the directory.
    /// </summary>
    private static void StartWatchdog(string root)
    {
        const string Watch = """
            exec </dev/null >/dev/null 2>&1
            pid=$1; root=$2; shift 2
            while [ -d "$root" ]; do
                state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
                if [ -z "$state" ] || [ "$state" = Z ]; then
                    "$@" -D "$root/data" -m immediate -w stop
                    rm -rf "$root"
                    exit
                fi
                sleep 1
            done
            """;
        var pgCtl = Path.Combine(BinDirectory.Value!, "pg_ctl");
        string[] stop = IsRoot ? [Runuser, "-u", PostgresUser, "--", pgCtl] : [pgCtl];
        RunChecked(Setsid, ["-f", Shell, "-c", Watch, "pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), root, .. stop]);
    }

    private static string RunChecked(string path, params string[] arguments)
    {
        var result = ExternalTool.Run(path, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{path} {string.Join(' ', arguments)} failed: {result}");
        return result.StandardOutput;
    }

    private static bool AcceptsConnections(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Processes whose parent is <paramref name="parent"/>, from /proc/*/stat.</summary>
    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || ProcStat(pid) is not { } stat)
                continue;
            if (stat.ParentPid == parent)
                children.Add(pid);
        }

        return children;
    }

    private static bool IsGone(int pid) => ProcStat(pid) is not { } stat || stat.State == 'Z';

    /// <summary>State and parent from /proc/pid/stat ("pid (comm) S ppid ..."; comm may hold spaces and parentheses).</summary>
    private static (char State, int ParentPid)? ProcStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    private static void WaitUntil(Func<bool> condition, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < WaitLimit)
        {
            try
            {
                if (condition())
                    return;
            }
            catch (InvalidOperationException exception)
            {
                last = exception;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"timed out after {WaitLimit.TotalSeconds:0} s waiting for {what()}{(last is null ? "" : $"\nlast error: {last.Message}")}");
    }

    private int? PostmasterPid()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes the small System V segment a killed postmaster leaves (named in its postmaster.pid); PostgreSQL removes it
    /// itself only when restarted on an intact pid file, and a host that keeps them runs out of segments (SHMMNI) some day.
    /// </summary>
    private void RemoveStaleSharedMemory()
    {
        if (PostmasterPid() is not { } pid || !IsGone(pid))
            return;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // Line 7: "key shmid".
        if (lines.Length < 7 || lines[6].Split(' ', StringSplitOptions.RemoveEmptyEntries) is not [var key, var id])
            return;
        // /proc/sysvipc/shm: key shmid perms size cpid lpid nattch ...; only the segment with both numbers and no one attached.
        var unused = File.ReadLines("/proc/sysvipc/shm").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 6 && fields[0] == key && fields[1] == id && fields[6] == "0");
        if (unused)
            ExternalTool.Run(Ipcrm, ["-m", id]);
    }

    /// <summary>pg_ctl start -w; when the port was taken meanwhile (another test's server), again on a new free port.</summary>
    private void StartServer()
    {
        var pgCtl = Path.Combine(BinDirectory.Value!, "pg_ctl");
        for (var attempt = 1; ; attempt++)
        {
            var result = RunServerToolUnchecked(pgCtl, "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start");
            if (result.ExitCode == 0)
            {
                _running = true;
                return;
            }

            var portTaken = Log.Contains("could not bind", StringComparison.Ordinal)
                || Log.Contains("Address already in use", StringComparison.Ordinal);
            if (!portTaken || attempt == StartAttempts)
                throw new InvalidOperationException($"pg_ctl start on port {Port} failed: {result}\n--- server log (tail) ---\n{LogTail()}");
            Port = FreePort.Get();
            File.AppendAllText(Path.Combine(DataDirectory, "postgresql.conf"), $"port = {Port}\n");
        }
    }

    /// <summary>Stops the server however it can, and makes sure none of its processes is left.</summary>
    private void StopForGood()
    {
        var pgCtl = Path.Combine(BinDirectory.Value!, "pg_ctl");
        var pid = PostmasterPid();
        try
        {
            if (RunServerToolUnchecked(pgCtl, "-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop").ExitCode != 0)
                RunServerToolUnchecked(pgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
        }
        catch (TimeoutException)
        {
        }

        if (pid is { } postmaster && !IsGone(postmaster) && PostmasterPid() == postmaster)
            ExternalTool.Run(Kill, ["-KILL", .. ChildrenOf(postmaster).Append(postmaster).Select(process => process.ToString(CultureInfo.InvariantCulture))]);

        _running = false;
    }

    private void RunServerTool(string path, params string[] arguments)
    {
        var result = RunServerToolUnchecked(path, arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(path)} failed: {result}");
    }

    /// <summary>Runs a server tool as the server user (runuser when root), in the cluster's directory.</summary>
    private ToolResult RunServerToolUnchecked(string path, params string[] arguments) =>
        IsRoot
            ? ExternalTool.Run(Runuser, ["-u", PostgresUser, "--", path, .. arguments], workingDirectory: _root)
            : ExternalTool.Run(path, arguments, workingDirectory: _root);

    [GeneratedRegex("^[A-Za-z0-9_]{1,63}$")]
    private static partial Regex DatabaseName();
}
