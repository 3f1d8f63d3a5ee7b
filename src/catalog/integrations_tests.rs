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
