//! The kinds the language names: state types and query languages.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateType {
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}

impl StateType {
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    pub fn from_name(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|ty| ty.name() == name)
    }

    /// Succeed and Fail end their scope by themselves.
    pub fn is_terminal(self) -> bool {
        matches!(self, StateType::Succeed | StateType::Fail)
    }

    /// The types that move on with `Next` or stop with `End`.
    pub fn takes_next_or_end(self) -> bool {
        !matches!(self, StateType::Choice | StateType::Succeed | StateType::Fail)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    JsonPath,
    Jsonata,
}

impl QueryLanguage {
    pub fn from_name(name: &str) -> Option<QueryLanguage> {
        match name {
            "JSONPath" => Some(QueryLanguage::JsonPath),
            "JSONata" => Some(QueryLanguage::Jsonata),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}
