// Boost.Fusion adaptation of the AST, so that X3 sequences fill the structs member by member.
// Only structs with two or more members are adapted: X3 does not reliably synthesize a
// one-member struct from a sequence, so the grammar fills those (Identifier, Path, Not, ...)
// with small semantic actions instead. The position_tagged base is never adapted: the
// position cache fills it.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "grammar/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(thidua::ast::NumberLiteral, text, percent)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Call, function, arguments)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Quantified, quantifier, operand)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Filter, source, condition)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::DecisionRow, condition, value, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Otherwise, value, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::DecisionTable, rows, otherwise)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::PolicyHeader, title, issuer, basis, year)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::EnumItem, code, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Enumeration, ordered, name, label, items)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Field, name, type, optional, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Derived, name, value, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Entity, single, name, label, source, members)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Condition, expression, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Standard, name, label, entity, conditions)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::RankKey, key, descending)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::AtMost, at_least, limit, per, where, shared_with, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::ForBlock, entity, items)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Award, name, label, items)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Policy, header, declarations)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::BandBound, op, value)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Band, bounds, points, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::BandsRule, value, within, bands)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::WhenRow, condition, points, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::OtherwiseRow, points, label)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::WhenRule, rows, otherwise)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::DeductRule, each, count, floor)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::SheetItem, name, label, maximum, verified, rule)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::SheetSection, name, label, maximum, applies, items)
BOOST_FUSION_ADAPT_STRUCT(thidua::ast::Sheet, name, label, entity, out_of, up_to, rounding, members)
