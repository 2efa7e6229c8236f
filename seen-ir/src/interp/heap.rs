//! The heap: objects and arrays with strong and weak counts.
//!
//! Handles are never reused, so a use after free is detected. An object
//! whose strong count reaches zero is *dropped* by the interpreter (deinit,
//! then its references released in order); it then stays *dead* while weak
//! references remain (a weak load gives null) and is *freed* when the last
//! weak reference goes. Static strings are immortal: counts do not change.

use super::trap::TrapKind;
use super::value::{DataValue, ObjRef};
use crate::entity::TypeId;
use crate::types::Type;

/// What a heap cell holds.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum ObjKind {
    /// An object of a declared layout.
    Object(TypeId),
    /// An array of elements of a type.
    Array(Type),
    /// A runtime `StringBuilder` of the host functions in
    /// [`runtime`](super::runtime): its fields are its UTF-8 bytes as `i8`s.
    Builder,
}

#[derive(Copy, Clone, PartialEq, Debug)]
pub(crate) enum ObjState {
    Live,
    /// Strong count reached zero; deinit and field releases are running.
    Dropping,
    /// Dropped; kept for weak references.
    Dead,
    Freed,
}

pub(crate) struct HeapObject {
    pub kind: ObjKind,
    pub strong: u32,
    pub weak: u32,
    pub state: ObjState,
    pub immortal: bool,
    pub fields: Vec<DataValue>,
}

/// A leaked heap cell, as [`Interpreter::leaks`](super::Interpreter::leaks) reports it.
#[derive(Clone, PartialEq, Debug)]
pub struct Leak {
    /// Its handle.
    pub handle: ObjRef,
    /// What it is.
    pub kind: ObjKind,
    /// The strong count left (0 when only weak references keep its memory).
    pub strong: u32,
    /// The weak count left.
    pub weak: u32,
}

#[derive(Default)]
pub(crate) struct Heap {
    objects: Vec<HeapObject>,
}

fn freed(what: &str) -> TrapKind {
    TrapKind::Undefined(format!(
        "{what} of an object that was already freed (use after free)"
    ))
}

impl Heap {
    pub fn alloc(&mut self, kind: ObjKind, fields: Vec<DataValue>, immortal: bool) -> ObjRef {
        self.objects.push(HeapObject {
            kind,
            strong: 1,
            weak: 0,
            state: ObjState::Live,
            immortal,
            fields,
        });
        ObjRef::from_index(self.objects.len() - 1)
    }

    /// An object that may be read or written (live, or in its deinit).
    pub fn get(&self, r: ObjRef, what: &str) -> Result<&HeapObject, TrapKind> {
        match self.objects.get(r.index()) {
            Some(o) if matches!(o.state, ObjState::Live | ObjState::Dropping) => Ok(o),
            _ => Err(freed(what)),
        }
    }

    pub fn get_mut(&mut self, r: ObjRef, what: &str) -> Result<&mut HeapObject, TrapKind> {
        match self.objects.get_mut(r.index()) {
            Some(o) if matches!(o.state, ObjState::Live | ObjState::Dropping) => Ok(o),
            _ => Err(freed(what)),
        }
    }

    pub fn retain(&mut self, r: ObjRef) -> Result<(), TrapKind> {
        let o = self.get_mut(r, "retain")?;
        if !o.immortal {
            o.strong += 1;
        }
        Ok(())
    }

    /// Decrements the strong count; `true` when it reached zero (the caller drops it).
    pub fn release(&mut self, r: ObjRef) -> Result<bool, TrapKind> {
        let o = match self.objects.get_mut(r.index()) {
            Some(o) if o.state == ObjState::Live && (o.strong > 0 || o.immortal) => o,
            _ => return Err(TrapKind::Undefined(
                "release of an object whose count is already zero (over-release or use after free)"
                    .into(),
            )),
        };
        if o.immortal {
            return Ok(false);
        }
        o.strong -= 1;
        if o.strong == 0 {
            o.state = ObjState::Dropping;
        }
        Ok(o.strong == 0)
    }

    pub fn weak_new(&mut self, r: ObjRef) -> Result<(), TrapKind> {
        self.get_mut(r, "weak_new")?.weak += 1;
        Ok(())
    }

    pub fn weak_retain(&mut self, r: ObjRef) -> Result<(), TrapKind> {
        match self.objects.get_mut(r.index()) {
            Some(o) if o.state != ObjState::Freed => {
                o.weak += 1;
                Ok(())
            }
            _ => Err(freed("weak_retain")),
        }
    }

    /// The object if it is still alive (then retained), else `None`.
    pub fn weak_load(&mut self, r: ObjRef) -> Result<Option<ObjRef>, TrapKind> {
        match self.objects.get_mut(r.index()) {
            Some(o) if o.state == ObjState::Live => {
                if !o.immortal {
                    o.strong += 1;
                }
                Ok(Some(r))
            }
            Some(o) if o.state != ObjState::Freed => Ok(None),
            _ => Err(freed("weak_load")),
        }
    }

    pub fn weak_release(&mut self, r: ObjRef) -> Result<(), TrapKind> {
        let o = match self.objects.get_mut(r.index()) {
            Some(o) if o.state != ObjState::Freed && o.weak > 0 => o,
            _ => {
                return Err(TrapKind::Undefined(
                    "weak_release of a weak reference that was already released".into(),
                ));
            }
        };
        o.weak -= 1;
        if o.weak == 0 && o.state == ObjState::Dead {
            o.state = ObjState::Freed;
        }
        Ok(())
    }

    /// Takes the fields of an object being dropped.
    pub fn take_fields(&mut self, r: ObjRef) -> Vec<DataValue> {
        self.objects
            .get_mut(r.index())
            .map(|o| std::mem::take(&mut o.fields))
            .unwrap_or_default()
    }

    /// Ends a drop: dead while weak references remain, else freed.
    pub fn finish_drop(&mut self, r: ObjRef) {
        if let Some(o) = self.objects.get_mut(r.index()) {
            o.state = if o.weak > 0 {
                ObjState::Dead
            } else {
                ObjState::Freed
            };
        }
    }

    pub fn strong_count(&self, r: ObjRef) -> u32 {
        self.objects.get(r.index()).map_or(0, |o| o.strong)
    }

    pub fn kind(&self, r: ObjRef) -> Option<ObjKind> {
        self.objects.get(r.index()).map(|o| o.kind)
    }

    pub fn leaks(&self) -> Vec<Leak> {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.immortal && matches!(o.state, ObjState::Live | ObjState::Dead))
            .map(|(i, o)| Leak {
                handle: ObjRef::from_index(i),
                kind: o.kind,
                strong: o.strong,
                weak: o.weak,
            })
            .collect()
    }

    pub fn live_count(&self) -> usize {
        self.objects
            .iter()
            .filter(|o| !o.immortal && o.state == ObjState::Live)
            .count()
    }
}

/// Every `ref` and `weak` inside a value, in field order (depth first).
pub(crate) fn collect_refs(v: &DataValue, out: &mut Vec<DataValue>) {
    match v {
        DataValue::Ref(Some(_)) | DataValue::Weak(Some(_)) => out.push(v.clone()),
        DataValue::Struct(fields) | DataValue::Enum(_, fields) => {
            for f in fields.iter() {
                collect_refs(f, out);
            }
        }
        _ => {}
    }
}
