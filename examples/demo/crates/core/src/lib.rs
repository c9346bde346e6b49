use lazy_static::lazy_static;
use std::collections::HashMap;

lazy_static! {
    static ref LIMITS: HashMap<&'static str, u32> = HashMap::from([("free", 10), ("pro", 1000)]);
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("unknown plan {0}")]
    UnknownPlan(String),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct User {
    pub id: u64,
    pub name: String,
}

pub fn limit(plan: &str) -> anyhow::Result<u32> {
    LIMITS.get(plan).copied().ok_or_else(|| CoreError::UnknownPlan(plan.into()).into())
}
