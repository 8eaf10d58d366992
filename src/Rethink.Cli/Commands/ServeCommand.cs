using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Rethink.Providers;
using Rethink.Lab.Training;
using Rethink.Server;
using Rethink.Strategies;

namespace Rethink.Cli.Commands;

/// <summary>
/// <c>rethink serve</c>: the OpenAI-compatible server (<see cref="RethinkServer"/>) over the shipped lab pipelines or
/// the pipelines of a <c>--config</c> file. Binds 127.0.0.1 unless told otherwise; any other address needs an API key,
/// read from RETHINK_SERVER_API_KEY or from <c>--api-key-file</c> (never from the command line, where ps and shell
/// history would keep it). Prints the base URL, then one log line per request on stderr; Ctrl+C stops it gracefully.
/// </summary>
internal sealed class ServeCommand
{
    /// <summary>The environment variable holding the key clients must send.</summary>
    public const string ServerKeyVariable = "RETHINK_SERVER_API_KEY";

    private readonly CliContext _context;
    private readonly Option<string> _host = new("--host")
    {
        Description = "Address to listen on (an IP address or localhost). Anything but loopback requires an API key.",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
    };

    private readonly Option<int> _port = new Option<int>("--port", "-p")
    {
        Description = "Port to listen on; 0 picks a free port (the URL printed on start has it).",
        DefaultValueFactory = _ => 8080,
    }.AtLeast(0);

    private readonly Option<string?> _config = new("--config")
    {
        Description = "A JSON file defining the served models (pipelines) and limits; without it the shipped lab pipelines are served.",
        HelpName = "file",
    };

    private readonly Option<string?> _apiKeyFile = new("--api-key-file")
    {
        Description = "A file holding the key clients must send (Bearer; at least 16 characters). Alternatively set " + ServerKeyVariable + ".",
        HelpName = "file",
    };

    private readonly Option<string[]> _allowedHosts = new("--allowed-host")
    {
        Description = "Another Host header value to answer (name or name:port, e.g. behind a proxy); repeatable. Requests naming any other host get 421.",
        HelpName = "host",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int?> _maxConcurrency = new Option<int?>("--max-concurrency")
    {
        Description = "Chat requests served at once (default 4); the rest queue.",
        HelpName = "n",
    }.AtLeast(1);

    private readonly Option<int?> _maxQueue = new Option<int?>("--max-queue")
    {
        Description = "Requests that may wait for a slot (default 32); beyond it the answer is 429 with Retry-After.",
        HelpName = "n",
    }.AtLeast(0);

    private readonly Option<int?> _requestTimeout = new Option<int?>("--request-timeout")
    {
        Description = "Seconds one request may take, queueing included (default 300); then upstream work is cancelled (504).",
        HelpName = "seconds",
    }.AtLeast(1);

    private readonly Option<int> _retries = CommonOptions.Retries().AtLeast(0);

    public ServeCommand(CliContext context) => _context = context;

    /// <summary>The pipelines served without --config: the shipped lab models, plain and under the strategies that need no verifier.</summary>
    public static IReadOnlyList<ServeModelEntry> DefaultModels { get; } =
    [
        Plain("lab", "lab:critique"),
        Plain("lab-sft", "lab:sft"),
        Plain("lab-critique", "lab:critique"),
        Plain("lab-sft-routes", "lab:sft-routes"),
        Plain("lab-critique-routes", "lab:critique-routes"),
        Wrapped("lab+reask", "reask", "rounds"),
        Wrapped("lab+self-refine", "self-refine", "max_rounds"),
        Wrapped("lab+self-consistency", "self-consistency", "samples"),
    ];

    public Command Build()
    {
        var command = new Command(
            "serve",
            "Serve models and strategy pipelines over an OpenAI-compatible API (POST /v1/chat/completions, GET /v1/models).")
        {
            _host, _port, _config, _apiKeyFile, _allowedHosts, _maxConcurrency, _maxQueue, _requestTimeout, _retries,
        };
        command.SetAction(ExecuteAsync);
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var serverKey = ReadServerKey(parse.GetValue(_apiKeyFile));
        ServeConfig? config = null;
        if (parse.GetValue(_config) is { } configPath)
        {
            config = ServeConfig.Load(_context.Host.ResolvePath(configPath), configPath);
        }

        var limits = config?.Limits ?? new ServeLimits();
        var defaults = new ServerOptions();
        var options = new ServerOptions
        {
            Host = parse.GetRequiredValue(_host),
            Port = parse.GetValue(_port),
            ApiKey = serverKey,
            MaxConcurrentRequests = parse.GetValue(_maxConcurrency) ?? limits.MaxConcurrentRequests ?? defaults.MaxConcurrentRequests,
            MaxQueuedRequests = parse.GetValue(_maxQueue) ?? limits.MaxQueuedRequests ?? defaults.MaxQueuedRequests,
            RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(_requestTimeout) ?? limits.RequestTimeoutSeconds ?? defaults.RequestTimeout.TotalSeconds),
            MaxOutputTokens = limits.MaxOutputTokens ?? defaults.MaxOutputTokens,
            MaxChoices = limits.MaxChoices ?? defaults.MaxChoices,
            MaxMessages = limits.MaxMessages ?? defaults.MaxMessages,
            MaxMessageChars = limits.MaxMessageChars ?? defaults.MaxMessageChars,
            MaxRequestBodyBytes = limits.MaxRequestBodyBytes ?? defaults.MaxRequestBodyBytes,
            RequestBodyTimeout = limits.RequestBodyTimeoutSeconds is { } bodySeconds ? TimeSpan.FromSeconds(bodySeconds) : defaults.RequestBodyTimeout,
            AllowedHosts = [.. config?.AllowedHosts ?? [], .. parse.GetValue(_allowedHosts) ?? []],
            AllowedOrigins = config?.AllowedOrigins ?? [],
            Log = new RedactingWriter(_context),
            Secrets = _context.ApiKey is { } upstreamKey ? [upstreamKey] : [],
        };

        try
        {
            // Before any model is loaded: a refused bind should not cost a model load.
            options.Validate();
        }
        catch (ServerConfigurationException e)
        {
            throw CliException.Usage(e.Message);
        }

        var clients = new Dictionary<string, IChatClient>(StringComparer.Ordinal);
        using var models = new ModelFactory(_context);
        {
            var retries = parse.GetValue(_retries);
            var served = (config?.Models ?? DefaultModels).Select(entry => Served(
                entry,
                ClientFor(entry.Model, models, retries, clients),
                entry.CriticModel is null ? null : ClientFor(entry.CriticModel, models, retries, clients))).ToList();

            RethinkServer server;
            try
            {
                server = await RethinkServer.StartAsync(served, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ServerConfigurationException e)
            {
                throw CliException.Usage(e.Message);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw CliException.Usage($"cannot listen on {options.Host}:{options.Port}: {e.Message}");
            }

            await using (server.ConfigureAwait(false))
            {
                _context.Out.WriteLine($"Rethink server listening on {server.BaseUrl}");
                _context.Out.WriteLine($"Models: {string.Join(", ", server.ModelNames)}");
                _context.Out.WriteLine(serverKey is null
                    ? "No API key (loopback only). Press Ctrl+C to stop."
                    : "Clients must send 'Authorization: Bearer <key>'. Press Ctrl+C to stop.");
                _context.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _context.WriteHint("stopping: finishing requests in flight");
                }

                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }
    }

    private static ServeModelEntry Plain(string name, string model) =>
        new(name, model, null, new Dictionary<string, string>(), [], null);

    // The lab's own strategy defaults (self-refine's last-only history fits the lab context), as eval uses them.
    private static ServeModelEntry Wrapped(string name, string strategy, string allow) =>
        new(
            name,
            "lab:critique",
            strategy,
            StrategyFactory.DefaultsFor(strategy, LabRecipes.StrategyDefaults),
            [allow],
            null);

    /// <summary>
    /// The served model for <paramref name="entry"/>: the provider alone, or the strategy pipeline built over it, whose
    /// factory answers requests that override an allowed setting. A config was checked when read, so a refusal here is
    /// a default pipeline's.
    /// </summary>
    private static ServedModel Served(ServeModelEntry entry, IChatClient provider, IChatClient? criticModel)
    {
        if (entry.Strategy is null)
        {
            return new ServedModel { Name = entry.Name, Client = provider };
        }

        StrategyPipeline pipeline;
        try
        {
            pipeline = StrategyPipeline.Create(
                provider,
                entry.Strategy,
                entry.Settings,
                entry.AllowOverrides,
                criticModel is null ? null : new StrategyChatClientOptions { CriticModel = criticModel });
        }
        catch (ArgumentException e)
        {
            throw CliException.Usage($"model '{entry.Name}': {StrategyFactory.TrimPeriod(e.Message)}");
        }

        return new ServedModel
        {
            Name = entry.Name,
            Client = pipeline.Default,
            PipelineFactory = pipeline.WithOverrides,
            AllowOverrides = pipeline.AllowOverrides,
            RunsStrategy = true,
        };
    }

    private static IChatClient ClientFor(string text, ModelFactory models, int retries, Dictionary<string, IChatClient> clients)
    {
        // One pipeline per distinct model: lab+reask and lab share the loaded weights.
        var spec = ModelProviders.Parse(text);
        var key = spec.ToString();
        if (!clients.TryGetValue(key, out var client))
        {
            client = models.Create(spec, retries).Client;
            clients[key] = client;
        }

        return client;
    }

    private string? ReadServerKey(string? file)
    {
        var fromEnvironment = _context.Host.GetEnvironmentVariable(ServerKeyVariable);
        if (file is null)
        {
            return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment.Trim();
        }

        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            throw CliException.Usage($"both {ServerKeyVariable} and --api-key-file are set; use one");
        }

        string text;
        try
        {
            text = File.ReadAllText(_context.Host.ResolvePath(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read --api-key-file {file}: {e.GetType().Name}");
        }

        var key = text.Trim();
        return key.Length == 0 || key.Contains('\n', StringComparison.Ordinal)
            ? throw CliException.Usage($"--api-key-file {file} must hold the key on one line")
            : key;
    }

    /// <summary>Server log lines go to stderr through the CLI's redactor (keys, bearer tokens, sk- keys).</summary>
    private sealed class RedactingWriter(CliContext context) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override IFormatProvider FormatProvider => System.Globalization.CultureInfo.InvariantCulture;

        public override void Write(char value) => context.Error.Write(value);

        public override void WriteLine(string? value) => context.Error.WriteLine("rethink serve: " + context.Scrubber.Scrub(value ?? string.Empty)!);

        public override void Flush() => context.Error.Flush();
    }
}
