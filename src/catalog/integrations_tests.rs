//! Tests of the integration catalogue.

use super::*;

#[test]
fn every_integration_has_a_service_and_a_unique_key() {
    for (index, integration) in INTEGRATIONS.iter().enumerate() {
        assert!(
            integration.service_info().is_some(),
            "{} has no service",
            integration.key()
        );
        assert!(INTEGRATIONS[..index]
            .iter()
            .all(|other| other.key() != integration.key()));
        assert_eq!(integration.supports(Pattern::RequestResponse), Support::Yes);
        assert!(!integration.doc.is_empty());
    }
    assert_eq!(
        find("lambda", "invoke").map(|i| i.required),
        Some(&[&["FunctionName"][..]][..])
    );
    assert!(find("lambda", "Invoke").is_none());
    assert_eq!(
        find("states", "startExecution").map(|i| i.supports(Pattern::Sync2)),
        Some(Support::Yes)
    );
    assert_eq!(
        find("glue", "startJobRun").map(|i| i.resource(Pattern::Sync)),
        Some("arn:aws:states:::glue:startJobRun.sync".to_string())
    );
}

#[test]
fn forbidden_headers() {
    assert!(http_header_forbidden("Authorization"));
    assert!(http_header_forbidden("X-Amz-Date"));
    assert!(http_header_forbidden("x-forwarded-for"));
    assert!(!http_header_forbidden("Content-Type"));
    assert!(api_gateway_header_forbidden("X-Amzn-Trace-Id"));
    assert!(!api_gateway_header_forbidden("Content-Type"));
}

/// Where AWS's model of the service has the API, the parameters come from
/// it: none is listed by hand, and each required one is a member of it.
#[test]
fn parameters_come_from_the_service_model_where_it_has_the_api() {
    let mut modelled = 0;
    for integration in INTEGRATIONS {
        let Some((_, action)) = integration.model() else {
            continue;
        };
        modelled += 1;
        assert!(
            integration.optional.is_empty(),
            "{}: its parameters come from the model",
            integration.key()
        );
        for name in integration.required.iter().flat_map(|group| group.iter()) {
            let top = name.split('.').next().unwrap_or(name);
            assert!(
                action.member_ignoring_case(top).is_some(),
                "{}: {name} is no member of {}",
                integration.key(),
                action.name
            );
        }
    }
    assert!(modelled >= 50, "{modelled} integrations with a model");
    for key in ["apigateway:invoke", "eks:call", "http:invoke", "bedrock:invokeModel"] {
        let (service, api) = key.split_once(':').unwrap();
        assert!(
            find(service, api).is_some_and(|integration| integration.model().is_none()),
            "{key}"
        );
    }
    let (service, action) = find("events", "putEvents").and_then(Integration::model).unwrap();
    assert_eq!((service.name, action.name), ("eventbridge", "putEvents"));
}
