using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

using FlexInference.Routing;
using FlexInference.Validation;

namespace FlexInference.Observability;

/// <summary>
/// The span and the measurements of one generation call: it starts before the first attempt and ends once, when the
/// answer is read, the call fails, or (for a stream) the stream is finished, failed or disposed. It carries model names,
/// token counts, routing facts and error classes only: never the key, a header value other than the router's, or content.
/// </summary>
internal sealed class CallTelemetry
{
    private readonly ClientTelemetry _client;
    private readonly string _model;
    private readonly bool _streaming;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly Activity? _previous;
    private ResponseMetadata? _metadata;
    private ServedRoute? _route;
    private ResultFacts _facts;
    private string? _errorType;
    private bool? _completed;
    private int _firstChunk;
    private int _ended;

    public CallTelemetry(ClientTelemetry client, RequestFacts facts, bool streaming, bool tracing)
    {
        _client = client;
        _model = facts.Model;
        _streaming = streaming;
        _started = Stopwatch.GetTimestamp();
        if (tracing)
        {
            _previous = Activity.Current;

            // The attributes a sampler may look at are given at creation, as the conventions ask.
            _activity = ClientTelemetry.Source.StartActivity(
                TelemetryNames.Chat + " " + facts.Model,
                ActivityKind.Client,
                default(ActivityContext),
                [
                    new(TelemetryNames.OperationName, TelemetryNames.Chat),
                    new(TelemetryNames.ProviderName, TelemetryNames.FlexInference),
                    new(TelemetryNames.System, TelemetryNames.FlexInference),
                    new(TelemetryNames.RequestModel, facts.Model),
                    new(TelemetryNames.ServerAddress, client.ServerAddress),
                    new(TelemetryNames.ServerPort, client.ServerPort),
                    new(TelemetryNames.StartWithin, facts.StartWithin?.ToString()),
                    new(TelemetryNames.Stream, streaming),
                ]);
        }
    }

    /// <summary>The span, when one is recorded (a listener may sample it out).</summary>
    public Activity? Activity => _activity;

    /// <summary>A retry is about to wait: an event on the span (the HttpClient's own spans show each attempt).</summary>
    public void Retrying(int retry, TimeSpan delay, string? reason) =>
        _activity?.AddEvent(new ActivityEvent(TelemetryNames.RetryEvent, tags: new ActivityTagsCollection
        {
            [TelemetryNames.RetryNumber] = retry,
            [TelemetryNames.RetryDelay] = (long)delay.TotalMilliseconds,
            [TelemetryNames.RetryReason] = reason,
        }));

    /// <summary>The client fallback is sending the call again at a tier word: an event on the span.</summary>
    public void FellBack(ClientFallback fallback) =>
        _activity?.AddEvent(new ActivityEvent(TelemetryNames.ClientFallbackEvent, tags: new ActivityTagsCollection
        {
            [TelemetryNames.ClientFallbackTier] = fallback.Tier.Value,
            [TelemetryNames.ClientFallbackStatus] = fallback.Status,
            [TelemetryNames.ClientFallbackCode] = fallback.Code,
        }));

    /// <summary>The headers arrived with a 2xx: the router's routing headers are known.</summary>
    public void Opened(ResponseMetadata metadata) => _metadata = metadata;

    /// <summary>A non-streaming answer was read: its model, id, usage and route report.</summary>
    public void Served(ResponseMetadata metadata, ServedRoute route, ResultFacts facts)
    {
        _metadata = metadata;
        _facts = facts;
        _route = route;
    }

    /// <summary>A stream is ending: what its events said about the answer and the route.</summary>
    public void Streamed(ServedRoute route, ResultFacts facts, bool completed)
    {
        _route = route;
        _facts = facts;
        _completed = completed;
    }

    /// <summary>The first chunk of a stream arrived (counted once).</summary>
    public void FirstChunk()
    {
        if (Interlocked.Exchange(ref _firstChunk, 1) != 0)
        {
            return;
        }

        double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        _activity?.SetTag(TelemetryNames.TimeToFirstChunk, seconds);
        if (_client.Metrics.TimeToFirstChunk.Enabled)
        {
            TagList tags = BaseTags();
            _client.Metrics.TimeToFirstChunk.Record(seconds, tags);
        }
    }

    /// <summary>The call failed with this (documented) exception; the first failure reported wins.</summary>
    public void Fail(Exception exception)
    {
        if (_errorType is not null)
        {
            return;
        }

        _errorType = ErrorType(exception);
        _activity?.SetStatus(ActivityStatusCode.Error, Describe(exception));
    }

    /// <summary>Ends the span and records the measurements; later calls do nothing.</summary>
    public void End(int attempts)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        double seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        ServedRoute? route = _route ?? (_metadata is null ? null : RouteBuilder.Build(default, _metadata));
        if (_activity is { } activity)
        {
            Annotate(activity, route, attempts);
            Activity? current = Activity.Current;
            activity.Stop();

            // Leave the ambient span as the caller had it: a stream may end on another thread, inside another span.
            Activity.Current = ReferenceEquals(current, activity) ? _previous : current;
        }

        Record(seconds, route);
    }

    /// <summary>
    /// Puts the caller's ambient span back after a synchronous stream opened: the stream's span stays open while the caller
    /// reads, but work the caller does meanwhile is not its child. (An async open needs nothing: the flow reverts on return.)
    /// </summary>
    public void Detach()
    {
        if (_activity is not null && ReferenceEquals(Activity.Current, _activity))
        {
            Activity.Current = _previous;
        }
    }

    private void Annotate(Activity activity, ServedRoute? route, int attempts)
    {
        SetIfNotNull(activity, TelemetryNames.ResponseModel, _facts.Model);
        SetIfNotNull(activity, TelemetryNames.ResponseId, _facts.Id);
        SetIfNotNull(activity, TelemetryNames.InputTokens, _facts.InputTokens);
        SetIfNotNull(activity, TelemetryNames.OutputTokens, _facts.OutputTokens);
        SetIfNotNull(activity, TelemetryNames.ErrorType, _errorType);
        activity.SetTag(TelemetryNames.Attempts, attempts);
        SetIfNotNull(activity, TelemetryNames.StreamCompleted, _completed);
        if (route is not null)
        {
            SetIfNotNull(activity, TelemetryNames.ServiceTier, route.ServiceTier?.ToString());
            SetIfNotNull(activity, TelemetryNames.RoutingReason, route.Reason?.ToString());
            SetIfNotNull(activity, TelemetryNames.RoutingProvider, route.Provider);
            SetIfNotNull(activity, TelemetryNames.FallbackAttempts, route.FallbackAttempts);
            SetIfNotNull(activity, TelemetryNames.RoutingMode, route.Mode?.ToString());
            SetIfNotNull(activity, TelemetryNames.CostMicroUsd, route.CostMicroUsd);
            SetIfNotNull(activity, TelemetryNames.RouterRetries, route.RouterRetries);
            SetIfNotNull(activity, TelemetryNames.RequestId, route.RequestId);
            if (route.ClientFallback is { } fallback)
            {
                activity.SetTag(TelemetryNames.ClientFallbackTier, fallback.Tier.Value);
                activity.SetTag(TelemetryNames.ClientFallbackStatus, fallback.Status);
                SetIfNotNull(activity, TelemetryNames.ClientFallbackCode, fallback.Code);
            }
        }
    }

    private void Record(double seconds, ServedRoute? route)
    {
        ClientMetrics metrics = _client.Metrics;
        if (metrics.Duration.Enabled)
        {
            TagList tags = BaseTags();
            AddIfNotNull(ref tags, TelemetryNames.ResponseModel, _facts.Model);
            AddIfNotNull(ref tags, TelemetryNames.ErrorType, _errorType);
            AddIfNotNull(ref tags, TelemetryNames.ServiceTier, route?.ServiceTier?.ToString());
            AddIfNotNull(ref tags, TelemetryNames.RoutingReason, route?.Reason?.ToString());
            metrics.Duration.Record(seconds, tags);
        }

        if (metrics.Tokens.Enabled)
        {
            if (_facts.InputTokens is { } input)
            {
                metrics.Tokens.Record(input, TokenTags(TelemetryNames.Input));
            }

            if (_facts.OutputTokens is { } output)
            {
                metrics.Tokens.Record(output, TokenTags(TelemetryNames.Output));
            }
        }

        if (metrics.Cost.Enabled && route?.CostMicroUsd is { } cost)
        {
            TagList tags = BaseTags();
            AddIfNotNull(ref tags, TelemetryNames.ServiceTier, route.ServiceTier?.ToString());
            metrics.Cost.Add(cost, tags);
        }
    }

    private TagList TokenTags(string type)
    {
        TagList tags = BaseTags();
        AddIfNotNull(ref tags, TelemetryNames.ResponseModel, _facts.Model);
        tags.Add(TelemetryNames.TokenType, type);
        return tags;
    }

    private TagList BaseTags() => new()
    {
        { TelemetryNames.OperationName, TelemetryNames.Chat },
        { TelemetryNames.ProviderName, TelemetryNames.FlexInference },
        { TelemetryNames.RequestModel, _model },
        { TelemetryNames.ServerAddress, _client.ServerAddress },
        { TelemetryNames.ServerPort, _client.ServerPort },
    };

    /// <summary>
    /// A low-cardinality class for <c>error.type</c>: the router's error code (or the HTTP status when it sent none),
    /// <c>timeout</c> for one of the client's clocks, otherwise the exception's type name.
    /// </summary>
    internal static string ErrorType(Exception exception) => exception switch
    {
        FlexInferenceApiException api => api.Code ?? api.Status.ToString(CultureInfo.InvariantCulture),
        FlexInferenceTimeoutException => TelemetryNames.Timeout,
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    /// <summary>The span status text: the exception type and, for an API error, status and code. Never the message, which may quote a body.</summary>
    private static string Describe(Exception exception) => exception is FlexInferenceApiException api
        ? $"{exception.GetType().Name}: HTTP {api.Status.ToString(CultureInfo.InvariantCulture)} {api.Code}".TrimEnd()
        : exception.GetType().Name;

    // Server text goes out with the client's key masked, as in messages and logs (a server may echo it anywhere).
    private void SetIfNotNull(Activity activity, string name, object? value)
    {
        if (value is not null)
        {
            activity.SetTag(name, value is string text ? _client.Redactor.Redact(text) : value);
        }
    }

    private void AddIfNotNull(ref TagList tags, string name, string? value)
    {
        if (value is not null)
        {
            tags.Add(name, _client.Redactor.Redact(value));
        }
    }
}
