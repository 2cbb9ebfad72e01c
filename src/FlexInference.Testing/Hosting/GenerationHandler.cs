using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FlexInference.Testing;

/// <summary>
/// Serves the four generation surfaces: validate, plan the route (racing flex for a duration), withhold every byte
/// until the race is decided, then answer in the surface's shape, streamed or not.
/// </summary>
internal sealed class GenerationHandler
{
    private readonly FlexInferenceTestServerOptions _options;
    private readonly RequestValidator _validator;
    private readonly FaultScript _faults;

    public GenerationHandler(FlexInferenceTestServerOptions options, FaultScript faults)
    {
        _options = options;
        _faults = faults;
        _validator = new RequestValidator(options.Models);
    }

    public async Task HandleAsync(HttpContext context, Surface surface, RecordedRequest recorded, CancellationToken cancellationToken)
    {
        ErrorSpec? error = _validator.Validate(surface, recorded.Body, out GenerationRequest? request);
        if (error is not null)
        {
            await ResponseWriter.WriteErrorAsync(context, surface, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.BillingPastDue && request!.Window is not null)
        {
            ErrorSpec paused = Errors.FromCode(FlexInferenceErrorCodes.PaymentRequired,
                $"Billing is past due, so flex requests are paused for this organization (start_within \"{request.StartWithin}\" asks for a flex race); " +
                "standard routing keeps working: send \"start_within\": \"default\".");
            await ResponseWriter.WriteErrorAsync(context, surface, paused, cancellationToken).ConfigureAwait(false);
            return;
        }

        Random random = FlexRace.RandomFor(_options.Seed, recorded.Sequence);
        RoutingDecision routing = RoutingDecision.Plan(request!, _options.ProfileFor(request!.Model), random);

        // The race: nothing at all (not even headers) is sent until flex is admitted, refused or out of time.
        await SimulatedClock.DelayAsync(routing.HeadersWithheldFor, _options.TimeScale, cancellationToken).ConfigureAwait(false);

        var serve = new ServeContext
        {
            Request = request,
            Routing = routing,
            Completion = Completion.Create(request, routing, _options),
            Sequence = recorded.Sequence,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        context.Items[FlexInferenceTestServer.RoutingReasonItem] = routing.Reason;
        RoutingHeaders.Apply(context.Response, routing, serve.Completion, request.Stream);
        Fault? fault = _faults.Take(recorded, onArrival: false);
        ISurfaceRenderer renderer = Renderer(surface);

        if (request.Stream)
        {
            await StreamWriter.WriteAsync(context, renderer, serve, fault, _options, cancellationToken).ConfigureAwait(false);
            return;
        }

        byte[] body = Encoding.UTF8.GetBytes(renderer.Body(serve).Write());
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        if (fault?.Kind == FaultKind.StallAfterHeaders)
        {
            await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            await SimulatedClock.RealDelayAsync(fault.Duration, cancellationToken).ConfigureAwait(false);
        }

        await context.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static ISurfaceRenderer Renderer(Surface surface) => surface switch
    {
        Surface.Responses => Renderers.Responses,
        Surface.ChatCompletions => Renderers.ChatCompletions,
        Surface.Interactions => Renderers.Interactions,
        Surface.Messages => Renderers.Messages,
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, "Not a generation surface."),
    };

    private static class Renderers
    {
        public static readonly ISurfaceRenderer Responses = new ResponsesRenderer();
        public static readonly ISurfaceRenderer ChatCompletions = new ChatCompletionsRenderer();
        public static readonly ISurfaceRenderer Interactions = new InteractionsRenderer();
        public static readonly ISurfaceRenderer Messages = new MessagesRenderer();
    }
}
