using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PatientIndex.Testing;

/// <summary>
/// A real PostgreSQL server for the tests, made from the machine's binaries: <c>initdb</c> into a
/// temporary directory, started on a free loopback port, stopped and deleted on dispose. The
/// binaries refuse to run as root, so as root it runs them as an unprivileged user it creates if
/// absent. Durability is off (fsync): the tests want speed, and a crash loses only test data.
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    private const string OsUser = "pgtest";
    private static readonly string Binaries = Environment.GetEnvironmentVariable("PATIENTINDEX_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private int _databases;

    private TemporaryPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<TemporaryPostgres> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("patientindex-pg-").FullName;
        var server = new TemporaryPostgres(directory, FreePort());
        if (Environment.IsPrivilegedProcess)
        {
            EnsureOsUser();
            Run("chown", "-R", OsUser, directory);
        }
        server.RunPg("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        await server.StartServerAsync();
        return server;
    }

    /// <summary>A connection string to a new, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 5 }.ToString();

    /// <summary>A fast shutdown (connections are cut, as when a primary restarts) and a start on the same data and port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartServerAsync();
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut); <see cref="ResumeAsync"/> starts it again.</summary>
    public Task StopAsync()
    {
        RunPg("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");
        // The pools' idle connections were cut: a later test must not be handed one.
        NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    public Task ResumeAsync() => StartServerAsync();

    public ValueTask DisposeAsync()
    {
        try { RunPg("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop"); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    private Task StartServerAsync()
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        RunPg("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-o", options, "-w", "-t", "60", "start");
        return Task.CompletedTask;
    }

    private void RunPg(string binary, params string[] arguments)
    {
        var path = Path.Combine(Binaries, binary);
        if (Environment.IsPrivilegedProcess) Run("runuser", ["-u", OsUser, "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void EnsureOsUser()
    {
        if (Run("id", ["-u", OsUser], check: false) == 0) return;
        // Two test assemblies may get here at once; whichever loses finds the user made.
        if (Run("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OsUser], check: false) != 0 && Run("id", ["-u", OsUser], check: false) != 0)
            throw new InvalidOperationException($"could not create the OS user {OsUser} to run PostgreSQL as");
    }

    private static int Run(string file, string[] arguments, bool check = true)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
        return process.ExitCode;
    }

    private static void Run(string file, params string[] arguments) => Run(file, arguments, check: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
