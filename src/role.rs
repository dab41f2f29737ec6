//! The four roles, the neighbouring job families that compete with them,
//! and the targets lexicon entries count for.

use std::fmt;

use serde::{Serialize, Serializer};

/// One of the four roles rolecall recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Product Manager: customers, product strategy, roadmap, business outcomes.
    ProductManager,
    /// Technical Product Manager: products for developers (platforms, APIs, SDKs, infrastructure).
    TechnicalProductManager,
    /// Technology Manager: runs engineering or IT (engineering manager, CTO, IT manager).
    TechnologyManager,
    /// Technical Program Manager: cross-team delivery, schedules, dependencies, risk.
    TechnicalProgramManager,
}

impl Role {
    /// The four roles, in output order.
    pub const ALL: [Role; 4] = [
        Role::ProductManager,
        Role::TechnicalProductManager,
        Role::TechnologyManager,
        Role::TechnicalProgramManager,
    ];

    /// The snake_case id used in lexicons and output (`product_manager`, …).
    pub fn id(self) -> &'static str {
        match self {
            Role::ProductManager => "product_manager",
            Role::TechnicalProductManager => "technical_product_manager",
            Role::TechnologyManager => "technology_manager",
            Role::TechnicalProgramManager => "technical_program_manager",
        }
    }

    /// The human name ("Technical Program Manager").
    pub fn name(self) -> &'static str {
        match self {
            Role::ProductManager => "Product Manager",
            Role::TechnicalProductManager => "Technical Product Manager",
            Role::TechnologyManager => "Technology Manager",
            Role::TechnicalProgramManager => "Technical Program Manager",
        }
    }

    /// Parses a role id.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Position in [`Role::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A family of jobs that sit next to the four roles and share their
/// vocabulary: a posting for one of them is `unclassified`, and says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Neighbour {
    /// Individual-contributor engineering: software, data, security, QA, DevOps/SRE, hardware.
    Engineering,
    /// Design and UX research.
    Design,
    /// Marketing, growth, communications and content.
    Marketing,
    /// Sales, account management, customer success, partnerships.
    Sales,
    /// Solutions and support engineering, IT support.
    Support,
    /// Data analysis and data science.
    Data,
    /// Non-technical program, project and operations work (events,
    /// communications, construction, business operations).
    Operations,
    /// Architects (solution, enterprise, cloud).
    Architecture,
    /// Any other job (recruiting, finance, consulting, writing, …).
    Other,
}

impl Neighbour {
    /// Every family, in output order.
    pub const ALL: [Neighbour; 9] = [
        Neighbour::Engineering,
        Neighbour::Design,
        Neighbour::Marketing,
        Neighbour::Sales,
        Neighbour::Support,
        Neighbour::Data,
        Neighbour::Operations,
        Neighbour::Architecture,
        Neighbour::Other,
    ];

    /// The snake_case id used in lexicons and output (`engineering`, …).
    pub fn id(self) -> &'static str {
        match self {
            Neighbour::Engineering => "engineering",
            Neighbour::Design => "design",
            Neighbour::Marketing => "marketing",
            Neighbour::Sales => "sales",
            Neighbour::Support => "support",
            Neighbour::Data => "data",
            Neighbour::Operations => "operations",
            Neighbour::Architecture => "architecture",
            Neighbour::Other => "other",
        }
    }

    /// Parses a family id.
    pub fn from_id(id: &str) -> Option<Neighbour> {
        Neighbour::ALL.into_iter().find(|n| n.id() == id)
    }

    /// Position in [`Neighbour::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Neighbour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Neighbour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// What a lexicon file is evidence for: a role, `other` (decoys: jobs that
/// share vocabulary with the roles but are none of them), or `technical`
/// (technical depth: a qualifier that splits a role family, not a role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Evidence for a role.
    Role(Role),
    /// Evidence for "none of the four" (e.g. `product marketing manager`).
    Other,
    /// Evidence of technical depth (e.g. `system design`): it decides between
    /// product manager and technical product manager, and whether a program
    /// job is a technical program manager, but names no role by itself.
    Technical,
}

impl Target {
    /// Every target: the four roles, then `other`, then `technical`.
    pub const ALL: [Target; 6] = [
        Target::Role(Role::ProductManager),
        Target::Role(Role::TechnicalProductManager),
        Target::Role(Role::TechnologyManager),
        Target::Role(Role::TechnicalProgramManager),
        Target::Other,
        Target::Technical,
    ];

    /// The id used in lexicon files and evidence (`other` for decoys).
    pub fn id(self) -> &'static str {
        match self {
            Target::Role(r) => r.id(),
            Target::Other => "other",
            Target::Technical => "technical",
        }
    }

    /// Parses a target id.
    pub fn from_id(id: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Position in [`Target::ALL`].
    pub fn index(self) -> usize {
        match self {
            Target::Role(r) => r.index(),
            Target::Other => 4,
            Target::Technical => 5,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}
