package discord

import (
	"github.com/bwmarrin/discordgo"
)

// Commands returns the slash commands the bot registers.
func Commands() []*discordgo.ApplicationCommand {
	minLimit := 1.0
	minLen := 1
	return []*discordgo.ApplicationCommand{
		{
			Name:        "ask",
			Description: "Ask a question about the news coverage; the answer cites its sources",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MinLength: &minLen, MaxLength: 2000},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Show the answer to you only"},
			},
		},
		{
			Name:        "sources",
			Description: "The articles the bot knows, newest first, or the best matches for a query",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Words to look for", MaxLength: 200},
			},
		},
		{
			Name:        "help",
			Description: "What the bot covers and how to ask it",
		},
		{
			Name:        "summits",
			Description: "The leaders' meetings in the coverage, newest first",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", Description: "How many meetings (1-25, default 10)", MinValue: &minLimit, MaxValue: summitsMax},
				{Type: discordgo.ApplicationCommandOptionString, Name: "leader", Description: "Only meetings with a leader whose name contains this", MaxLength: 100},
			},
		},
	}
}

// options indexes a command's options by name.
type options map[string]*discordgo.ApplicationCommandInteractionDataOption

func commandOptions(d discordgo.ApplicationCommandInteractionData) options {
	o := options{}
	for _, opt := range d.Options {
		if opt != nil {
			o[opt.Name] = opt
		}
	}
	return o
}

func (o options) str(name string) string {
	if v, ok := o[name]; ok {
		if s, ok := v.Value.(string); ok {
			return s
		}
	}
	return ""
}

func (o options) boolean(name string) bool {
	if v, ok := o[name]; ok {
		if b, ok := v.Value.(bool); ok {
			return b
		}
	}
	return false
}

func (o options) integer(name string) int {
	if v, ok := o[name]; ok {
		if f, ok := v.Value.(float64); ok {
			return int(f)
		}
	}
	return 0
}
