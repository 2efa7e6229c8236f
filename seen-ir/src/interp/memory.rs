//! Raw memory of the interpreter: regions of bytes addressed by `ptr`.
//!
//! An address is `(region + 1) << 32 | offset`; 0 is null. Globals, data
//! items, stack slots and memory that host functions allocate are regions.
//! A function's address is `0xffff_ffff << 32 | index`, so vtables in data
//! and `call_indirect` work. Values are stored little-endian with the
//! layout of `layout.rs`; a `ref` or `weak` is stored as its heap handle.

use super::trap::TrapKind;
use super::value::{DataValue, ObjRef};
use crate::entity::FuncId;
use crate::module::Module;
use crate::types::{Type, TypeKind};

const FUNC_REGION: u64 = 0xffff_ffff;

/// The address of a function.
pub(crate) fn func_addr(f: FuncId) -> u64 {
    FUNC_REGION << 32 | u64::from(f.0)
}

/// The function at an address, if it is one.
pub(crate) fn addr_func(addr: u64) -> Option<FuncId> {
    (addr >> 32 == FUNC_REGION).then_some(FuncId(addr as u32))
}

struct Region {
    bytes: Vec<u8>,
    writable: bool,
    live: bool,
}

/// The regions of memory.
#[derive(Default)]
pub(crate) struct Memory {
    regions: Vec<Region>,
}

impl Memory {
    /// A new zeroed region; gives its address.
    pub fn alloc(&mut self, size: usize, writable: bool) -> u64 {
        self.regions.push(Region {
            bytes: vec![0; size],
            writable,
            live: true,
        });
        (self.regions.len() as u64) << 32
    }

    /// Frees the region at `addr` (later accesses trap).
    pub fn free(&mut self, addr: u64) {
        if let Some(r) = self
            .region_index(addr)
            .and_then(|i| self.regions.get_mut(i))
        {
            r.live = false;
            r.bytes = Vec::new();
        }
    }

    fn region_index(&self, addr: u64) -> Option<usize> {
        ((addr >> 32) as usize).checked_sub(1)
    }

    fn range(
        &self,
        addr: u64,
        len: usize,
        write: bool,
    ) -> Result<(usize, std::ops::Range<usize>), TrapKind> {
        let invalid = || {
            TrapKind::Undefined(format!(
                "invalid memory access of {len} byte(s) at 0x{addr:x}"
            ))
        };
        let index = self.region_index(addr).ok_or_else(invalid)?;
        let region = self
            .regions
            .get(index)
            .filter(|r| r.live)
            .ok_or_else(invalid)?;
        let start = (addr & 0xffff_ffff) as usize;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= region.bytes.len())
            .ok_or_else(invalid)?;
        if write && !region.writable {
            return Err(TrapKind::Undefined(format!(
                "write to read-only data at 0x{addr:x}"
            )));
        }
        Ok((index, start..end))
    }

    /// Reads `len` bytes.
    pub fn read(&self, addr: u64, len: usize) -> Result<&[u8], TrapKind> {
        let (i, r) = self.range(addr, len, false)?;
        Ok(&self.regions[i].bytes[r])
    }

    /// Writes bytes.
    pub fn write(&mut self, addr: u64, data: &[u8]) -> Result<(), TrapKind> {
        let (i, r) = self.range(addr, data.len(), true)?;
        self.regions[i].bytes[r].copy_from_slice(data);
        Ok(())
    }

    /// Writes bytes even into a read-only region (to initialise data).
    pub fn init(&mut self, addr: u64, data: &[u8]) -> Result<(), TrapKind> {
        let (i, r) = self.range(addr, data.len(), false)?;
        self.regions[i].bytes[r].copy_from_slice(data);
        Ok(())
    }
}

/// The little-endian bytes of a scalar or vector value.
pub(crate) fn bytes_of(v: &DataValue) -> Vec<u8> {
    match v {
        DataValue::Bool(b) => vec![u8::from(*b)],
        DataValue::I8(x) => x.to_le_bytes().to_vec(),
        DataValue::I16(x) => x.to_le_bytes().to_vec(),
        DataValue::I32(x) => x.to_le_bytes().to_vec(),
        DataValue::I64(x) => x.to_le_bytes().to_vec(),
        DataValue::F32(x) => x.to_le_bytes().to_vec(),
        DataValue::F64(x) => x.to_le_bytes().to_vec(),
        DataValue::Ptr(p) => p.to_le_bytes().to_vec(),
        DataValue::Ref(r) | DataValue::Weak(r) => {
            r.map_or(0, ObjRef::to_bits).to_le_bytes().to_vec()
        }
        DataValue::Vector(lanes) => lanes.iter().flat_map(bytes_of).collect(),
        _ => Vec::new(),
    }
}

/// A scalar or vector value of type `ty` from its bytes.
pub(crate) fn value_from_bytes(ty: Type, b: &[u8]) -> Option<DataValue> {
    let n = |k: usize| -> Option<[u8; 8]> {
        let mut out = [0; 8];
        out[..k].copy_from_slice(b.get(..k)?);
        Some(out)
    };
    Some(match ty {
        Type::Bool => DataValue::Bool(*b.first()? != 0),
        Type::I8 => DataValue::I8(*b.first()? as i8),
        Type::I16 => DataValue::I16(u64::from_le_bytes(n(2)?) as i16),
        Type::I32 => DataValue::I32(u64::from_le_bytes(n(4)?) as i32),
        Type::I64 => DataValue::I64(u64::from_le_bytes(n(8)?) as i64),
        Type::F32 => DataValue::F32(f32::from_bits(u64::from_le_bytes(n(4)?) as u32)),
        Type::F64 => DataValue::F64(f64::from_bits(u64::from_le_bytes(n(8)?))),
        Type::Ptr => DataValue::Ptr(u64::from_le_bytes(n(8)?)),
        Type::Ref => DataValue::Ref(ObjRef::from_bits(u64::from_le_bytes(n(8)?))),
        Type::Weak => DataValue::Weak(ObjRef::from_bits(u64::from_le_bytes(n(8)?))),
        Type::Vector(v) => {
            let lane = v.lane().to_type();
            let w = (v.lane().bits() / 8) as usize;
            let lanes: Option<Vec<_>> = (0..v.lanes() as usize)
                .map(|i| value_from_bytes(lane, b.get(i * w..(i + 1) * w)?))
                .collect();
            DataValue::Vector(lanes?.into())
        }
        Type::Void | Type::Aggregate(_) => return None,
    })
}

/// Writes any value of type `ty` into `out` (sized by its layout).
pub(crate) fn encode(m: &Module, ty: Type, v: &DataValue, out: &mut [u8]) {
    match (ty, v) {
        (Type::Aggregate(id), DataValue::Struct(fields)) => {
            let tys = m.get_type_decl(id).and_then(|d| d.fields()).unwrap_or(&[]);
            let offs = m.field_offsets(id).unwrap_or_default();
            for ((&t, f), &o) in tys.iter().zip(fields.iter()).zip(&offs) {
                if let Some(slot) = out.get_mut(o as usize..) {
                    encode(m, t, f, slot);
                }
            }
        }
        (Type::Aggregate(id), DataValue::Enum(tag, payload)) => {
            if let Some(slot) = out.get_mut(..4) {
                slot.copy_from_slice(&tag.to_le_bytes());
            }
            let variants = m
                .get_type_decl(id)
                .and_then(|d| d.variants())
                .unwrap_or(&[]);
            let offs = m.variant_offsets(id).unwrap_or_default();
            if let (Some(var), Some(offs)) = (variants.get(*tag as usize), offs.get(*tag as usize))
            {
                for ((&t, f), &o) in var.fields.iter().zip(payload.iter()).zip(offs) {
                    if let Some(slot) = out.get_mut(o as usize..) {
                        encode(m, t, f, slot);
                    }
                }
            }
        }
        _ => {
            let bytes = bytes_of(v);
            let k = bytes.len().min(out.len());
            out[..k].copy_from_slice(&bytes[..k]);
        }
    }
}

/// Reads a value of any type `ty` from bytes laid out for it.
pub(crate) fn decode(m: &Module, ty: Type, b: &[u8]) -> Option<DataValue> {
    let Type::Aggregate(id) = ty else {
        return value_from_bytes(ty, b);
    };
    match &m.get_type_decl(id)?.kind {
        TypeKind::Struct { fields } => {
            let offs = m.field_offsets(id)?;
            let vals: Option<Vec<_>> = fields
                .iter()
                .zip(offs)
                .map(|(&t, o)| decode(m, t, b.get(o as usize..)?))
                .collect();
            Some(DataValue::Struct(vals?.into()))
        }
        TypeKind::Enum { variants } => {
            let tag = u32::from_le_bytes(b.get(..4)?.try_into().ok()?);
            let var = variants.get(tag as usize)?;
            let offs = m.variant_offsets(id)?.into_iter().nth(tag as usize)?;
            let vals: Option<Vec<_>> = var
                .fields
                .iter()
                .zip(offs)
                .map(|(&t, o)| decode(m, t, b.get(o as usize..)?))
                .collect();
            Some(DataValue::Enum(tag, vals?.into()))
        }
        TypeKind::Object { .. } => None,
    }
}
